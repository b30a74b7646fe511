// The chapter's live classification widgets: the paper's cat with elephant skin through every
// available network, and the four stimulus transforms of the paper (grayscale, silhouette,
// edges, texture patch) on any image, uploads included, each classified live.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel, Prediction} from "../zoo/types.ts";
import {topK} from "../zoo/topk.ts";
import {modelInputCanvas, type ClassifyModel} from "../site/classify.ts";
import {decodeImageFile, type RgbaImage} from "../image/decode-browser.ts";
import {decideCategories, isImageNetModel} from "../texture-bias/decide.ts";
import {grayscale} from "../image/grayscale.ts";
import {silhouette} from "../image/silhouette.ts";
import {canny} from "../image/canny.ts";
import {texturePatch} from "../image/texture-patch.ts";
import {imageUpload} from "./upload.ts";
import {rangeInput, selectInput} from "./controls.ts";

export interface LiveImage {
  id: string;
  title: string;
  src: string;
  shape?: string;
  texture?: string;
}

export interface Answer {
  top: Prediction[];
  /** The 16-category decision (ImageNet models only). */
  category?: string;
}

/** Top-5 and, for ImageNet models, the 16-category decision (tensors freed). */
export async function answer(model: ZooModel, image: RgbaImage, k = 5): Promise<Answer> {
  const input = modelInputCanvas(image, model.inputSize);
  const x = tf.tidy(() => tf.browser.fromPixels(input, 3).toFloat().div(255).expandDims(0) as tf.Tensor4D);
  try {
    const top = await topK(model, x, k);
    return isImageNetModel(model) ? {top, category: (await decideCategories(model, x))[0].decision} : {top};
  } finally {
    x.dispose();
  }
}

export async function rgbaFromUrl(src: string): Promise<RgbaImage> {
  return (await decodeImageFile(await (await fetch(src)).blob())).image;
}

export function rgbaCanvas(img: RgbaImage, label: string, side = 160): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = img.width;
  c.height = img.height;
  c.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  c.style.width = `${side}px`;
  c.style.height = `${Math.round((side * img.height) / img.width)}px`;
  c.setAttribute("role", "img");
  c.setAttribute("aria-label", label);
  return c;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

function answerBlock(modelName: string, a: Answer, expected?: {shape?: string; texture?: string}): HTMLElement {
  const box = el("div", undefined, "cnn-texture-answer");
  box.append(el("strong", modelName));
  if (a.category) {
    const kind = expected?.shape && a.category === expected.shape ? "shape" : expected?.texture && a.category === expected.texture ? "texture" : "other";
    const p = el("p", `16-category decision: ${a.category}${expected?.shape && expected.shape !== expected.texture ? ` (${kind})` : ""}`, "cnn-texture-decision");
    p.dataset.kind = kind;
    box.append(p);
  }
  const ol = el("ol");
  for (const t of a.top) ol.append(el("li", `${t.label} ${pct(t.probability)}`));
  box.append(ol);
  box.dataset.top1 = a.top[0]?.label ?? "";
  if (a.category) box.dataset.decision = a.category;
  return box;
}

/** Every model on each image: top-5 with probabilities and the 16-category decision. */
export function modelsOnImages({images, models}: {images: LiveImage[]; models: ClassifyModel[]}): HTMLElement {
  const root = el("div", undefined, "cnn-texture-cat");
  root.dataset.state = "busy";
  const status = el("p", "Classifying…", "cnn-texture-status");
  status.setAttribute("aria-live", "polite");
  root.append(status);
  if (!models.length || !images.length) {
    status.textContent = !images.length ? "The paper's example images are not in this build (no asset mirror)." : "No ImageNet network is available in this build.";
    root.dataset.state = "empty";
    return root;
  }
  const grid = el("div", undefined, "cnn-texture-grid");
  root.append(grid);
  (async () => {
    const loaded: Array<{m: ClassifyModel; model: ZooModel}> = [];
    for (const m of models) loaded.push({m, model: await m.load()});
    for (const image of images) {
      const rgba = await rgbaFromUrl(image.src);
      const fig = el("figure");
      fig.dataset.image = image.id;
      fig.append(rgbaCanvas(rgba, image.title, 180), el("figcaption", image.title));
      for (const {m, model} of loaded) {
        const block = answerBlock(m.name, await answer(model, rgba), image);
        block.dataset.model = m.id;
        fig.append(block);
      }
      grid.append(fig);
    }
    status.textContent = `Classified ${images.length} images with ${models.length} network${models.length > 1 ? "s" : ""}.`;
    root.dataset.state = "done";
  })().catch((e) => {
    status.textContent = `Could not classify: ${e instanceof Error ? e.message : String(e)}`;
    root.dataset.state = "error";
  });
  return root;
}

export const TRANSFORMS = [
  {id: "original", title: "Original", apply: (img: RgbaImage) => img},
  {id: "grayscale", title: "Grayscale", apply: (img: RgbaImage) => grayscale(img)},
  {id: "silhouette", title: "Silhouette (binarized, filled)", apply: (img: RgbaImage) => silhouette(img)},
  {id: "edges", title: "Edges (Canny)", apply: (img: RgbaImage, sigma = 1.4) => canny(img, {sigma})},
  {id: "texture", title: "Texture patch", apply: (img: RgbaImage) => texturePatch(img, {fraction: 0.3})},
] as const;

/** Downscale big images before the pure-JS transforms (Canny on 1024 px would stall the page). */
function atMost(img: RgbaImage, side: number): RgbaImage {
  const s = side / Math.max(img.width, img.height);
  if (s >= 1) return img;
  const c = rgbaCanvas(img, "");
  const out = document.createElement("canvas");
  out.width = Math.max(1, Math.round(img.width * s));
  out.height = Math.max(1, Math.round(img.height * s));
  const ctx = out.getContext("2d", {willReadFrequently: true})!;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(c, 0, 0, out.width, out.height);
  return {width: out.width, height: out.height, data: ctx.getImageData(0, 0, out.width, out.height).data};
}

/** The paper's four transforms on a chosen or uploaded image, each classified by the chosen network. */
export function transformsWidget({images, models}: {images: LiveImage[]; models: ClassifyModel[]}): HTMLElement {
  const root = el("div", undefined, "cnn-texture-transforms");
  if (!models.length) {
    root.textContent = "No network is available in this build.";
    return root;
  }
  const modelIn = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name}))});
  const imageIn = selectInput({label: "Image", options: images.map((i) => ({value: i.id, text: i.title}))});
  const sigmaIn = rangeInput({label: "Canny σ", min: 0.6, max: 3, step: 0.2, value: 1.4, format: (v) => `${v.toFixed(1)} px`});
  const upload = imageUpload({label: "Or upload your own"});
  const status = el("p", "", "cnn-texture-status");
  status.setAttribute("aria-live", "polite");
  const grid = el("div", undefined, "cnn-texture-grid");
  root.append(modelIn, ...(images.length ? [imageIn] : []), sigmaIn, upload, status, grid);
  const loaded = new Map<string, Promise<ZooModel>>();
  const modelById = (id: string) => {
    if (!loaded.has(id)) loaded.set(id, models.find((m) => m.id === id)!.load());
    return loaded.get(id)!;
  };
  let source: {image: RgbaImage; title: string} | null = null;
  let ticket = 0;
  async function update() {
    if (!source) return;
    const mine = ++ticket;
    root.dataset.state = "busy";
    status.textContent = `Transforming and classifying “${source.title}”…`;
    try {
      const model = await modelById(modelIn.value);
      const base = atMost(source.image, 320);
      const figs: HTMLElement[] = [];
      for (const t of TRANSFORMS) {
        const img = t.apply(base, sigmaIn.value);
        const a = await answer(model, img, 3);
        if (mine !== ticket) return;
        const fig = el("figure");
        fig.dataset.transform = t.id;
        fig.append(rgbaCanvas(img, `${source.title}: ${t.title}`, 150), el("figcaption", t.title), answerBlock(model.name, a));
        figs.push(fig);
      }
      grid.replaceChildren(...figs);
      status.textContent = `${model.name} on “${source.title}” and its four transforms.`;
      root.dataset.state = "done";
    } catch (e) {
      if (mine !== ticket) return;
      status.textContent = `Could not classify: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
    }
  }
  async function useSample() {
    const s = images.find((i) => i.id === imageIn.value);
    if (!s) return;
    source = {image: await rgbaFromUrl(s.src), title: s.title};
    await update();
  }
  modelIn.addEventListener("input", () => void update());
  sigmaIn.addEventListener("input", () => void update());
  imageIn.addEventListener("input", () => void useSample());
  upload.addEventListener("input", () => {
    if (!upload.value) return;
    source = {image: upload.value.image, title: upload.value.name};
    void update();
  });
  if (images.length) void useSample();
  else status.textContent = "No example image in this build: upload one.";
  return root;
}
