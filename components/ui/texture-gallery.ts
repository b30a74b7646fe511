// The cue-conflict gallery: every stimulus at hand with each model's decision marked
// S (shape), T (texture) or · (other), in words for screen readers and in the tooltip.
import {decisionKind} from "../texture-bias/shape-bias.ts";

export interface GalleryStimulus {
  id: string;
  shape: string;
  texture: string;
  src: string;
}

export interface GalleryModel {
  id: string;
  name: string;
  /** stimulus id -> 16-category decision */
  decisions: Map<string, string>;
}

const MARK = {shape: "S", texture: "T", other: "·"} as const;

export function cueConflictGallery({stimuli, models, category = "all"}: {stimuli: GalleryStimulus[]; models: GalleryModel[]; category?: string}): HTMLElement {
  const root = document.createElement("div");
  root.className = "cnn-texture-gallery";
  for (const s of stimuli.filter((x) => category === "all" || x.shape === category)) {
    const fig = document.createElement("figure");
    fig.dataset.stimulus = s.id;
    const img = document.createElement("img");
    img.src = s.src;
    img.alt = `${s.shape} shape with ${s.texture} texture`;
    img.width = 96;
    img.height = 96;
    const cap = document.createElement("figcaption");
    cap.textContent = s.shape === s.texture ? `${s.shape} (cues agree: not counted)` : `${s.shape} shape · ${s.texture} texture`;
    const marks = document.createElement("ul");
    marks.className = "cnn-texture-marks";
    for (const m of models) {
      const d = m.decisions.get(s.id);
      if (!d) continue;
      const kind = s.shape === s.texture ? "other" : decisionKind({shape: s.shape, texture: s.texture, response: d});
      const li = document.createElement("li");
      li.dataset.kind = s.shape === s.texture ? "agree" : kind;
      li.dataset.model = m.id;
      li.title = `${m.name}: “${d}” (${s.shape === s.texture ? "cues agree" : kind})`;
      li.textContent = `${MARK[kind]} ${m.name}: ${d}`;
      marks.append(li);
    }
    fig.append(img, cap, marks);
    root.append(fig);
  }
  return root;
}
