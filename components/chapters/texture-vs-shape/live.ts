// The chapter's classification widgets: the paper's cat with elephant skin through every
// ImageNet network (precomputed answers first, re-run live on demand), and the four stimulus
// transforms of the paper (grayscale, silhouette, edges, texture patch) on any image, uploads
// included, each classified live. Their settings live in the page URL ("cat.*", "transforms.*").
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../../zoo/types.ts";
import {topK} from "../../zoo/topk.ts";
import {modelInputCanvas, type ClassifyModel} from "../../ui/classify.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {decodeImageFile, type RgbaImage} from "../../image/decode-browser.ts";
import {decideCategories, isImageNetModel} from "../../texture-bias/decide.ts";
import {decisionKind} from "../../texture-bias/shape-bias.ts";
import type {Answer} from "./chapter-data.ts";
import {grayscale} from "../../image/grayscale.ts";
import {silhouette} from "../../image/silhouette.ts";
import {canny} from "../../image/canny.ts";
import {texturePatch} from "../../image/texture-patch.ts";
import {imageUpload} from "../../ui/upload.ts";
import {rangeInput, selectInput} from "../../ui/controls.ts";

export type {Answer};

export interface LiveImage {
  id: string;
  title: string;
  src: string;
  shape?: string;
  texture?: string;
}

/** Top-k and, for ImageNet models, the 16-category decision (tensors freed). */
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

/**
 * Models loaded on first use and kept for the widget's life; all disposed when the page cell
 * that made the widget is invalidated (a WebGL context loss reruns it on another backend).
 */
function modelCache(models: ClassifyModel[], invalidation?: Promise<unknown>) {
  const loaded = new Map<string, Promise<ZooModel>>();
  const state = {closed: false};
  void invalidation?.then(() => {
    state.closed = true;
    for (const p of loaded.values()) p.then((m) => m.dispose(), () => undefined);
    loaded.clear();
  });
  return {
    state,
    get(id: string): Promise<ZooModel> {
      if (state.closed) return Promise.reject(new Error("this figure was replaced"));
      const m = models.find((x) => x.id === id);
      if (!m) return Promise.reject(new Error(`no network ${id} in this build`));
      if (!loaded.has(id)) loaded.set(id, m.load());
      return loaded.get(id)!;
    },
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

const pct = (p: number) => `${(100 * p).toFixed(1)}%`;
const MARK = {shape: "S", texture: "T", other: "·"} as const;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Which cue a decision names, when the image has two different cues. */
function cueOf(category: string | undefined, expected?: {shape?: string; texture?: string}) {
  if (!category || !expected?.shape || !expected.texture || expected.shape === expected.texture) return null;
  return decisionKind({shape: expected.shape, texture: expected.texture, response: category});
}

/** One sentence: what a network said about an image (for text alternatives and status lines). */
export function saidText(modelName: string, a: Answer): string {
  const top = a.top[0];
  return `${modelName}: ${a.category ? `category ${a.category}, ` : ""}top-1 “${top?.label ?? "?"}” ${top ? pct(top.probability) : ""}`.trim();
}

function answerBlock(modelName: string, a: Answer, {expected, source}: {expected?: {shape?: string; texture?: string}; source?: "precomputed" | "live"} = {}): HTMLElement {
  const box = el("div", undefined, "cnn-texture-answer");
  box.append(el("strong", modelName));
  if (source) {
    box.append(" ", el("span", source === "live" ? "live" : "precomputed", "cnn-texture-source"));
    box.dataset.source = source;
  }
  if (a.category) {
    const kind = cueOf(a.category, expected);
    const p = el("p", undefined, "cnn-texture-decision");
    p.dataset.kind = kind ?? "other";
    if (kind) {
      const badge = el("span", MARK[kind], "cnn-texture-mark");
      badge.dataset.kind = kind;
      badge.setAttribute("aria-hidden", "true");
      p.append(badge, " ");
    }
    p.append(`16-category decision: ${a.category}${kind ? ` (${kind})` : ""}`);
    box.append(p);
  }
  const ol = el("ol");
  for (const t of a.top) ol.append(el("li", `${t.label} ${pct(t.probability)}`));
  box.append(ol);
  box.dataset.top1 = a.top[0]?.label ?? "";
  if (a.category) box.dataset.decision = a.category;
  return box;
}

export interface PrecomputedAnswers {
  name: string;
  /** image id -> answer */
  answers: Map<string, Answer>;
}

/**
 * The paper's example images with each ImageNet network's answer (top-5 and the 16-category
 * decision). The answers computed at build time show at once; "Classify live" re-runs the
 * chosen network (URL key "<params>.model": a model id or "all") in the browser, on demand.
 */
export function modelsOnImages({images, models, precomputed = new Map(), params = "cat", invalidation}: {images: LiveImage[]; models: ClassifyModel[]; precomputed?: Map<string, PrecomputedAnswers>; params?: string; invalidation?: Promise<unknown>}): HTMLElement {
  const root = el("div", undefined, "cnn-texture-cat");
  const status = el("p", "", "cnn-texture-status");
  status.setAttribute("role", "status");
  const networks = [...precomputed.entries()].map(([id, p]) => ({id, name: p.name}));
  for (const m of models) if (!precomputed.has(m.id)) networks.push({id: m.id, name: m.name});
  if (!networks.length || !images.length) {
    status.textContent = !images.length ? "The paper's example images are not in this copy of the site." : "No ImageNet network is available in this build.";
    root.dataset.state = "empty";
    root.append(status);
    return root;
  }
  const nameOf = (id: string) => networks.find((n) => n.id === id)?.name ?? id;
  const picker = selectInput({label: "Networks", options: [{value: "all", text: `all ${networks.length} networks`}, ...networks.map((n) => ({value: n.id, text: n.name}))], param: `${params}.model`});
  const run = el("button", "Classify live in this browser");
  run.type = "button";
  run.name = "classify-live";
  const controls = el("div", undefined, "cnn-texture-actions");
  controls.append(picker, run);
  const grid = el("div", undefined, "cnn-texture-grid");
  root.append(controls, status, grid);

  const figures = images.map((image) => {
    const fig = el("figure");
    fig.dataset.image = image.id;
    const img = el("img");
    img.src = image.src;
    img.width = 180;
    img.alt = image.title;
    const answers = el("div", undefined, "cnn-texture-answers");
    fig.append(img, el("figcaption", image.title), answers);
    grid.append(fig);
    return {image, fig, img, answers};
  });

  const live = new Map<string, Map<string, Answer>>(); // model id -> image id -> answer
  const cache = modelCache(models, invalidation);
  const selected = () => (picker.value === "all" ? networks.map((n) => n.id) : [picker.value]);
  const answerOf = (id: string, imageId: string): {a: Answer; source: "live" | "precomputed"} | null => {
    const l = live.get(id)?.get(imageId);
    if (l) return {a: l, source: "live"};
    const p = precomputed.get(id)?.answers.get(imageId);
    return p ? {a: p, source: "precomputed"} : null;
  };

  function render(): void {
    const ids = selected();
    const rows: Array<{image: string; model: string; source: string; top1: string; probability: number; decision: string | null}> = [];
    for (const {image, img, answers} of figures) {
      const blocks: HTMLElement[] = [];
      const said: string[] = [];
      for (const id of ids) {
        const found = answerOf(id, image.id);
        if (!found) {
          const none = el("div", undefined, "cnn-texture-answer");
          none.append(el("strong", nameOf(id)), el("p", "Not measured in this build: classify it live."));
          none.dataset.model = id;
          blocks.push(none);
          continue;
        }
        const block = answerBlock(nameOf(id), found.a, {expected: image, source: found.source});
        block.dataset.model = id;
        blocks.push(block);
        said.push(saidText(nameOf(id), found.a));
        rows.push({image: image.id, model: id, source: found.source, top1: found.a.top[0]?.label ?? "", probability: found.a.top[0]?.probability ?? NaN, decision: found.a.category ?? null});
      }
      answers.replaceChildren(...blocks);
      img.alt = `${image.title}. ${said.join("; ")}`;
    }
    const allLive = ids.every((id) => live.has(id));
    root.dataset.source = allLive ? "live" : "precomputed";
    if (root.dataset.state !== "busy") root.dataset.state = allLive ? "done" : "precomputed";
    run.textContent = ids.length > 1 ? `Classify live with all ${ids.length} networks` : `Classify live with ${nameOf(ids[0])}`;
    run.disabled = root.dataset.state === "busy" || !ids.some((id) => models.some((m) => m.id === id));
    reportResult("texture-cat", {model: picker.value, answers: rows});
  }

  const decoded = new Map<string, Promise<RgbaImage>>();
  const pixels = (image: LiveImage) => {
    if (!decoded.has(image.id)) decoded.set(image.id, rgbaFromUrl(image.src));
    return decoded.get(image.id)!;
  };
  let ticket = 0;
  void invalidation?.then(() => { ticket++; });

  async function classifyLive(): Promise<void> {
    const mine = ++ticket;
    const ids = selected().filter((id) => models.some((m) => m.id === id));
    root.dataset.state = "busy";
    run.disabled = true;
    try {
      for (const [i, id] of ids.entries()) {
        status.textContent = `Classifying live with ${nameOf(id)}${ids.length > 1 ? ` (${i + 1} of ${ids.length})` : ""}…`;
        const model = await cache.get(id);
        const byImage = new Map<string, Answer>();
        for (const {image} of figures) byImage.set(image.id, await answer(model, await pixels(image)));
        if (mine !== ticket) return;
        live.set(id, byImage);
      }
      root.dataset.state = "done";
      const conflict = figures.find((f) => f.image.shape && f.image.texture && f.image.shape !== f.image.texture)?.image;
      const verdicts = conflict ? ids.map((id) => `${nameOf(id)} says ${live.get(id)?.get(conflict.id)?.category ?? "?"}`).join(", ") : "";
      status.textContent = `Classified live in your browser with ${ids.length === 1 ? nameOf(ids[0]) : `${ids.length} networks`}${conflict ? `. On the ${conflict.title.toLowerCase()}: ${verdicts}` : ""}.`;
      render();
    } catch (e) {
      if (mine !== ticket) return;
      root.dataset.state = "error";
      status.textContent = `Could not classify live: ${errorText(e)}`;
      render();
    }
  }

  picker.addEventListener("input", () => {
    ticket++; // a run for the previous choice no longer shows
    delete root.dataset.state;
    render();
    status.textContent = root.dataset.state === "done" ? "Showing the answers computed live in your browser." : "Showing the precomputed answers: press the button to re-run them live in your browser.";
  });
  run.addEventListener("click", () => void classifyLive());
  render();
  status.textContent = `Showing the answers precomputed at build time (the same networks, in Node). Press the button to re-run ${picker.value === "all" ? "them" : nameOf(picker.value)} live in your browser.`;
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

/**
 * The paper's four transforms on a chosen or uploaded image, each classified by the chosen
 * network. URL keys: "<params>.model", "<params>.image", "<params>.sigma" (uploads stay local).
 */
export function transformsWidget({images, models, params = "transforms", invalidation}: {images: LiveImage[]; models: ClassifyModel[]; params?: string; invalidation?: Promise<unknown>}): HTMLElement {
  const root = el("div", undefined, "cnn-texture-transforms");
  if (!models.length) {
    root.textContent = "No network is available in this build.";
    return root;
  }
  const modelIn = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name})), param: `${params}.model`});
  const imageIn = selectInput({label: "Image", options: images.map((i) => ({value: i.id, text: i.title})), param: images.length ? `${params}.image` : undefined});
  const sigmaIn = rangeInput({label: "Canny σ", min: 0.6, max: 3, step: 0.2, value: 1.4, format: (v) => `${v.toFixed(1)} px`, param: `${params}.sigma`});
  const upload = imageUpload({label: "Or upload your own"});
  const status = el("p", "", "cnn-texture-status");
  status.setAttribute("role", "status");
  const grid = el("div", undefined, "cnn-texture-grid");
  root.append(modelIn, ...(images.length ? [imageIn] : []), sigmaIn, upload, status, grid);
  const cache = modelCache(models, invalidation);
  let source: {image: RgbaImage; id: string; title: string} | null = null;
  let ticket = 0;
  void invalidation?.then(() => { ticket++; });
  async function update() {
    if (!source) return;
    const mine = ++ticket;
    const {image, id, title} = source;
    root.dataset.state = "busy";
    status.textContent = `Transforming and classifying “${title}”…`;
    try {
      const model = await cache.get(modelIn.value);
      const base = atMost(image, 320);
      const figs: HTMLElement[] = [];
      const results: Array<{transform: string; top1: string; probability: number; decision: string | null}> = [];
      for (const t of TRANSFORMS) {
        const img = t.apply(base, sigmaIn.value);
        const a = await answer(model, img, 3);
        if (mine !== ticket) return;
        const fig = el("figure");
        fig.dataset.transform = t.id;
        fig.append(rgbaCanvas(img, `${title}, ${t.title.toLowerCase()}. ${saidText(model.name, a)}`, 150), el("figcaption", t.title), answerBlock(model.name, a));
        figs.push(fig);
        results.push({transform: t.id, top1: a.top[0]?.label ?? "", probability: a.top[0]?.probability ?? NaN, decision: a.category ?? null});
      }
      grid.replaceChildren(...figs);
      root.dataset.image = id;
      status.textContent = `${model.name} on “${title}” and its four transforms: ${results.map((r) => `${r.transform} ${r.decision ?? r.top1}`).join(", ")}.`;
      root.dataset.state = "done";
      reportResult("texture-transforms", {model: model.id, image: id, sigma: sigmaIn.value, transforms: results});
    } catch (e) {
      if (mine !== ticket) return;
      status.textContent = `Could not classify: ${errorText(e)}`;
      root.dataset.state = "error";
    }
  }
  async function useSample() {
    const s = images.find((i) => i.id === imageIn.value);
    if (!s) return;
    source = {image: await rgbaFromUrl(s.src), id: s.id, title: s.title};
    await update();
  }
  modelIn.addEventListener("input", () => void update());
  sigmaIn.addEventListener("input", () => void update());
  imageIn.addEventListener("input", () => void useSample());
  upload.addEventListener("input", () => {
    if (!upload.value) return;
    source = {image: upload.value.image, id: "upload", title: upload.value.name};
    void update();
  });
  if (images.length) void useSample();
  else status.textContent = "No example image in this build: upload one.";
  return root;
}
