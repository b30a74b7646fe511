// The precomputed gallery of class visualizations (data/precompute/classvis-gallery.ts): a grid
// of renders, each captioned with its class and how the network that drew it classifies it,
// with a button that renders the same class in the live figure. Also the sentence the page
// says about it, computed from the data.
import {percent} from "./shared.ts";
import type {GalleryRender} from "../../classvis/gallery-render.ts";

/** The stored render, less what the figure does not show. */
export type GalleryRenderData = Omit<GalleryRender, "logitBefore" | "logitAfter">;

export interface GalleryPartData {
  /** "imagenet", "shapetex", or the id of one of the papers' networks. */
  part: string;
  missing?: string;
  model?: {id: string; name: string};
  renders?: GalleryRenderData[];
}

export interface ClassVisGalleryData {
  imagenet: GalleryPartData;
  shapetex: GalleryPartData;
  /** The same few classes drawn by each of the papers' networks (GoogLeNet, ResNet-50). */
  papers: GalleryPartData[];
}

/** Renders the network classifies as their own class. */
export const ownClassCount = (g: GalleryPartData) => (g.renders ?? []).filter((r) => r.top1.index === r.class).length;

/** "MobileNet v1 0.25 classifies 15 of its 17 renders as the class they were made for (…)" from the data, or why the part is not here. */
export function gallerySentence(g: GalleryPartData): string {
  if (g.missing || !g.renders || !g.model) return g.missing ?? "";
  const n = g.renders.length, k = ownClassCount(g);
  const misses = g.renders.filter((r) => r.top1.index !== r.class);
  const min = Math.min(...g.renders.filter((r) => r.top1.index === r.class).map((r) => r.top1.probability));
  const head = `${g.model.name} classifies ${k === n ? `all ${n}` : `${k} of its ${n}`} renders as the class they were made for`;
  const conf = k ? `, with a probability of at least ${percent(min)}` : "";
  const miss = misses.length ? `; ${misses.map((r) => `${r.label} was taken for ${r.top1.label} (${percent(r.top1.probability)})`).join(", ")}` : "";
  return `${head}${conf}${miss}.`;
}

const caption = (r: GalleryRenderData) => `${r.label}: top-1 ${r.top1.label}, ${percent(r.top1.probability)}`;

/**
 * The grid of one part, or the reason it is not in this build. `onRenderLive(modelId, class)`
 * is called by each render's button; leave it out to show no buttons.
 */
export function galleryGrid(g: GalleryPartData, {onRenderLive}: {onRenderLive?: (modelId: string, classIndex: number) => void} = {}): HTMLElement {
  const root = document.createElement("figure");
  root.className = "cnn-classvis-gallery";
  root.dataset.part = g.part;
  if (g.missing || !g.renders || !g.model) {
    root.append(Object.assign(document.createElement("p"), {className: "cnn-missing", textContent: g.missing ?? ""}));
    return root;
  }
  const model = g.model;
  const list = document.createElement("ul");
  list.className = "cnn-gallery-grid";
  list.setAttribute("role", "list");
  for (const r of g.renders) {
    const item = document.createElement("li");
    const fig = document.createElement("figure");
    const img = document.createElement("img");
    Object.assign(img, {src: r.image, width: r.width, height: r.height}); // inline data: nothing to load lazily
    img.alt = `${model.name}'s rendering of the class ${r.label}${g.part !== "shapetex" && r.category !== r.label ? ` (Geirhos category ${r.category})` : ""}, which it classifies as ${r.top1.label} with probability ${percent(r.top1.probability)}.`;
    img.style.width = "100%";
    img.style.height = "auto";
    if (r.width < 100) img.style.imageRendering = "pixelated";
    const cap = document.createElement("figcaption");
    cap.textContent = caption(r);
    if (r.top1.index !== r.class) cap.append(` (P(${r.label}) ${percent(r.probability)})`);
    fig.append(img, cap);
    item.dataset.class = String(r.class);
    item.dataset.ownClass = String(r.top1.index === r.class);
    item.append(fig);
    if (onRenderLive) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "Render live";
      b.setAttribute("aria-label", `Render live: ${r.label} with ${model.name}, in the figure above`); // starts with the visible text (WCAG 2.5.3)
      b.addEventListener("click", () => onRenderLive(model.id, r.class));
      item.append(b);
    }
    list.append(item);
  }
  const cap = document.createElement("figcaption");
  cap.textContent = `${model.name}: ${g.renders.length} classes, ${g.renders[0].steps} steps each, the live figure's settings (seed 0). Under each render: the class, then the network's top-1 on the image as shown and its probability.`;
  root.append(list, cap);
  return root;
}
