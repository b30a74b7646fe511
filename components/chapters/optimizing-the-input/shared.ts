// What the chapter's three figures share: the networks (loaded once, when first needed), the
// image a figure works on (a sample or the reader's upload), a searchable class picker,
// tensors drawn on canvases, and top-5 tables.
import * as tf from "@tensorflow/tfjs";
import type {Prediction, ZooModel} from "../../zoo/types.ts";
import type {RgbaImage} from "../../image/decode-browser.ts";
import {decodeImageFile} from "../../image/decode-browser.ts";
import {imageUpload} from "../../ui/upload.ts";
import {bindParam, selectInput, type ValueElement} from "../../ui/controls.ts";
import {tableWithHeader} from "../../ui/table.ts";
import {modelInputCanvas} from "../../ui/classify.ts";

export interface ChapterModel {
  id: string;
  name: string;
  load(): Promise<ZooModel>;
}

export interface ChapterSample {
  id: string;
  title: string;
  src: string;
  kind?: string;
  /** What the image shows (samples.json's label). */
  label?: string;
  attribution?: string;
}

/** Networks by id, each built the first time a figure asks for it and kept for the page's life. */
export interface ModelCache {
  models: ChapterModel[];
  get(id: string): Promise<ZooModel>;
  dispose(): void;
}

export function modelCache(models: ChapterModel[]): ModelCache {
  const loaded = new Map<string, Promise<ZooModel>>();
  return {
    models,
    get(id) {
      let p = loaded.get(id);
      if (!p) {
        const m = models.find((x) => x.id === id);
        if (!m) return Promise.reject(new Error(`no network "${id}" in this build`));
        p = m.load();
        p.catch(() => loaded.delete(id));
        loaded.set(id, p);
      }
      return p;
    },
    dispose() {
      for (const p of loaded.values()) p.then((m) => m.dispose(), () => {});
      loaded.clear();
    },
  };
}

/** Samples that suit a network: ShapeTex images for the ShapeTex nets, photos for ImageNet nets. */
export function samplesFor(samples: ChapterSample[], modelId: string): ChapterSample[] {
  const shapes = modelId.startsWith("shapetex");
  const fit = samples.filter((s) => (s.kind === "shapetex") === shapes);
  return fit.length ? fit : samples;
}

export type ImageSourceElement = HTMLElement & {value: {pixels: RgbaImage; title: string} | null; setSamples(samples: ChapterSample[]): void};

/** A sample picker (URL key `param`) plus an upload; `value` is the image, and "input" fires when it changes. */
export function imageSource(samples: ChapterSample[], param: string): ImageSourceElement {
  const root = document.createElement("div") as unknown as ImageSourceElement;
  root.className = "cnn-image-source";
  root.value = null;
  let current = samples;
  let picker = selectInput({label: "Image", options: current.map((s) => ({value: s.id, text: s.title})), param});
  const upload = imageUpload({label: "Or upload your own"});
  root.append(picker, upload);
  let ticket = 0;
  const useSample = async () => {
    const s = current.find((x) => x.id === picker.value) ?? current[0];
    if (!s) return;
    const t = ++ticket;
    const decoded = await decodeImageFile(await (await fetch(s.src)).blob());
    if (t !== ticket) return;
    root.value = {pixels: decoded.image, title: s.title};
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  const wire = () => picker.addEventListener("input", () => void useSample());
  wire();
  upload.addEventListener("input", () => {
    if (!upload.value) return;
    ++ticket;
    root.value = {pixels: upload.value.image, title: upload.value.name};
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  root.setSamples = (next) => {
    if (next.map((s) => s.id).join() === current.map((s) => s.id).join()) return;
    current = next;
    const fresh = selectInput({label: "Image", options: current.map((s) => ({value: s.id, text: s.title})), param});
    picker.replaceWith(fresh);
    picker = fresh;
    wire();
    void useSample();
  };
  void useSample();
  return root;
}

/** The image as the model sees it (centre square at its input size), [1, h, w, 3] in [0, 1]. */
export function modelInput(image: RgbaImage, size: [number, number]): tf.Tensor4D {
  const canvas = modelInputCanvas(image, size);
  return tf.tidy(() => tf.browser.fromPixels(canvas, 3).toFloat().div(255).expandDims(0) as tf.Tensor4D);
}

/** Draw [1, h, w, 3] in [0, 1] on a canvas shown at `display` px, pixels kept sharp. */
export async function drawImage(x: tf.Tensor4D, canvas: HTMLCanvasElement, display = 224): Promise<HTMLCanvasElement> {
  const img = tf.tidy(() => x.squeeze([0]).clipByValue(0, 1) as tf.Tensor3D);
  try {
    await tf.browser.toPixels(img, canvas);
  } finally {
    img.dispose();
  }
  canvas.style.width = `${display}px`;
  canvas.style.maxWidth = "100%";
  canvas.style.imageRendering = x.shape[1] < 100 ? "pixelated" : "auto";
  return canvas;
}

/** Top-k predictions as a small table. */
export function topTable(caption: string, predictions: Prediction[]): HTMLTableElement {
  const {table, body} = tableWithHeader("cnn-top5", ["Rank", "Class", "Probability"]);
  table.createCaption().textContent = caption;
  predictions.forEach((p, i) => {
    const tr = body.insertRow();
    if (i === 0) tr.className = "cnn-top1";
    for (const t of [String(i + 1), p.label, `${(p.probability * 100).toFixed(1)}%`]) tr.insertCell().textContent = t;
  });
  return table;
}

/**
 * A searchable class picker: a text field with the classes as suggestions (type a name or a
 * number). `value` is the class index; it lives in the URL under `param`.
 */
export function classPicker({label, labels, value = 0, param}: {label: string; labels: string[]; value?: number; param?: string}): ValueElement<number> & {setLabels(labels: string[]): void} {
  const root = document.createElement("div") as unknown as ValueElement<number> & {setLabels(labels: string[]): void};
  root.className = "cnn-control cnn-class-picker";
  const id = `cnn-class-${Math.random().toString(36).slice(2, 8)}`;
  const lab = document.createElement("label");
  lab.htmlFor = id;
  lab.textContent = label;
  const input = document.createElement("input");
  Object.assign(input, {id, type: "search", autocomplete: "off", spellcheck: false});
  const list = document.createElement("datalist");
  list.id = `${id}-list`;
  input.setAttribute("list", list.id);
  const note = document.createElement("output");
  note.setAttribute("aria-live", "polite");
  root.append(lab, input, list, note);
  let names = labels, index = Math.min(value, labels.length - 1);
  const text = (k: number) => `${k}: ${names[k]}`;
  const fill = () => list.replaceChildren(...names.map((n, k) => new Option(text(k), text(k))));
  const parse = (t: string): number | null => {
    const s = t.trim().toLowerCase();
    const m = /^(\d+)/.exec(s);
    if (m && Number(m[1]) < names.length) return Number(m[1]);
    const exact = names.findIndex((n) => n.toLowerCase() === s || n.toLowerCase().split(",")[0].trim() === s);
    if (exact >= 0) return exact;
    const partial = names.findIndex((n) => n.toLowerCase().includes(s));
    return s && partial >= 0 ? partial : null;
  };
  const show = () => { input.value = text(index); note.textContent = ""; };
  fill();
  show();
  input.addEventListener("input", (e) => e.stopPropagation());
  input.addEventListener("change", (e) => {
    e.stopPropagation();
    const k = parse(input.value);
    if (k === null) { note.textContent = `No class matches “${input.value}”.`; return; }
    index = k;
    show();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  Object.defineProperty(root, "value", {get: () => index, set: (k: number) => { if (Number.isInteger(k) && k >= 0 && k < names.length) { index = k; show(); root.dispatchEvent(new Event("input", {bubbles: true})); } }, configurable: true});
  root.setLabels = (next) => {
    names = next;
    if (index >= names.length) index = 0;
    fill();
    show();
  };
  return param === undefined ? root : (bindParam(root, param, {encode: (v) => String(v), decode: (t) => (/^\d+$/.test(t) ? Number(t) : null)}) as typeof root);
}

export const percent = (p: number) => `${(p * 100).toFixed(1)}%`;
