// The cue-conflict gallery: every stimulus at hand with each model's decision marked
// S (shape), T (texture) or · (other). The letter carries the meaning (the Okabe-Ito blue and
// vermillion badges only repeat it), and screen readers hear the words "shape" / "texture".
// galleryFigure adds the category picker (URL key "category") and a count of the marks shown.
import {decisionKind} from "../../texture-bias/shape-bias.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {selectInput} from "../../ui/controls.ts";

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

type MarkKind = "shape" | "texture" | "other" | "agree";
const MARK: Record<MarkKind, string> = {shape: "S", texture: "T", other: "·", agree: "·"};
const SPOKEN: Record<MarkKind, string> = {shape: "shape", texture: "texture", other: "neither cue", agree: "cues agree"};

export interface MarkCounts {
  shape: number;
  texture: number;
  other: number;
}

function markKind(s: GalleryStimulus, decision: string): MarkKind {
  return s.shape === s.texture ? "agree" : decisionKind({shape: s.shape, texture: s.texture, response: decision});
}

const shown = (stimuli: GalleryStimulus[], category: string) => stimuli.filter((x) => category === "all" || x.shape === category);

/** Counts of S / T / · marks over the stimuli of a category ("all": every stimulus), per model and in total. */
export function countMarks(stimuli: GalleryStimulus[], models: GalleryModel[], category = "all"): {total: MarkCounts; byModel: Array<{model: string} & MarkCounts>} {
  const byModel = models.map((m) => {
    const c = {model: m.id, shape: 0, texture: 0, other: 0};
    for (const s of shown(stimuli, category)) {
      const d = m.decisions.get(s.id);
      if (!d) continue;
      const k = markKind(s, d);
      c[k === "agree" ? "other" : k]++;
    }
    return c;
  });
  const total = byModel.reduce((t, c) => ({shape: t.shape + c.shape, texture: t.texture + c.texture, other: t.other + c.other}), {shape: 0, texture: 0, other: 0});
  return {total, byModel};
}

export function cueConflictGallery({stimuli, models, category = "all"}: {stimuli: GalleryStimulus[]; models: GalleryModel[]; category?: string}): HTMLElement {
  const root = document.createElement("div");
  root.className = "cnn-texture-gallery";
  for (const s of shown(stimuli, category)) {
    const fig = document.createElement("figure");
    fig.dataset.stimulus = s.id;
    const img = document.createElement("img");
    img.src = s.src;
    img.alt = s.shape === s.texture ? `a ${s.shape} (shape and texture agree)` : `cue conflict: a ${s.shape} shape with ${s.texture} texture`;
    img.width = 96;
    img.height = 96;
    const cap = document.createElement("figcaption");
    cap.textContent = s.shape === s.texture ? `${s.shape} (cues agree: not counted)` : `${s.shape} shape · ${s.texture} texture`;
    const marks = document.createElement("ul");
    marks.className = "cnn-texture-marks";
    for (const m of models) {
      const d = m.decisions.get(s.id);
      if (!d) continue;
      const kind = markKind(s, d);
      const li = document.createElement("li");
      li.dataset.kind = kind;
      li.dataset.model = m.id;
      li.title = `${m.name}: “${d}” (${SPOKEN[kind]})`;
      const badge = document.createElement("span");
      badge.className = "cnn-texture-mark";
      badge.dataset.kind = kind;
      badge.setAttribute("aria-hidden", "true");
      badge.textContent = MARK[kind];
      const spoken = document.createElement("span");
      spoken.className = "cnn-sr-only";
      spoken.textContent = `${SPOKEN[kind]}: `;
      li.append(badge, spoken, ` ${m.name}: ${d}`);
      marks.append(li);
    }
    fig.append(img, cap, marks);
    root.append(fig);
  }
  return root;
}

/** The gallery under a category picker (URL key `param`), with a count of the marks it shows. */
export function galleryFigure({stimuli, models, categories, param = "category"}: {stimuli: GalleryStimulus[]; models: GalleryModel[]; categories: string[]; param?: string}): HTMLElement {
  const root = document.createElement("div");
  root.className = "cnn-texture-gallery-figure";
  const picker = selectInput({label: "Shape category", options: [{value: "all", text: "all 16"}, ...categories.map((c) => ({value: c, text: c}))], param});
  const status = document.createElement("p");
  status.className = "cnn-texture-status";
  status.setAttribute("role", "status");
  const slot = document.createElement("div");
  root.append(picker, status, slot);
  const render = () => {
    const category = picker.value;
    const images = shown(stimuli, category).length;
    const {total, byModel} = countMarks(stimuli, models, category);
    slot.replaceChildren(cueConflictGallery({stimuli, models, category}));
    root.dataset.category = category;
    status.textContent = images
      ? `${images} image${images === 1 ? "" : "s"}${category === "all" ? "" : ` with a ${category} shape`}: ${total.shape} S (shape), ${total.texture} T (texture) and ${total.other} · (neither, or cues agree) decisions by ${models.length} network${models.length === 1 ? "" : "s"}.`
      : "No cue-conflict image to show in this build.";
    reportResult("texture-gallery", {category, images, ...total, byModel});
  };
  picker.addEventListener("input", render);
  render();
  return root;
}
