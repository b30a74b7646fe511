// "Classify an image": pick a network and a sample (or upload your own), see the top-5
// classes. Models are loaded lazily from their packed files and kept for the page's life.
// The image the network sees (centre square, resized to its input) is shown next to the answer.
import * as tf from "@tensorflow/tfjs";
import {topK} from "../zoo/topk.ts";
import type {Prediction, ZooModel} from "../zoo/types.ts";
import type {RgbaImage} from "../image/decode-browser.ts";
import {decodeImageFile} from "../image/decode-browser.ts";
import {imageUpload} from "./upload.ts";
import {selectInput} from "./controls.ts";
import {tableWithHeader} from "./table.ts";
import {reportResult} from "./embed-messages.ts";

export interface ClassifyModel {
  id: string;
  name: string;
  load(): Promise<ZooModel>;
}

export interface ClassifySample {
  id: string;
  title: string;
  src: string;
  attribution?: string;
}

/** Centre square of the image, resized to `size` with the browser's high-quality smoothing. */
export function modelInputCanvas(image: RgbaImage, [h, w]: [number, number]): HTMLCanvasElement {
  const src = document.createElement("canvas");
  src.width = image.width;
  src.height = image.height;
  src.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  const side = Math.min(image.width, image.height);
  const out = document.createElement("canvas");
  out.width = w;
  out.height = h;
  const ctx = out.getContext("2d", {willReadFrequently: true})!;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(src, (image.width - side) / 2, (image.height - side) / 2, side, side, 0, 0, w, h);
  return out;
}

/** Top-k classes of an image for a model (tensors are freed before returning). */
export async function classifyImage(model: ZooModel, image: RgbaImage, k = 5): Promise<{predictions: Prediction[]; input: HTMLCanvasElement}> {
  const input = modelInputCanvas(image, model.inputSize);
  const x = tf.tidy(() => tf.browser.fromPixels(input, 3).toFloat().div(255).expandDims(0) as tf.Tensor4D);
  try {
    return {predictions: await topK(model, x, k), input};
  } finally {
    x.dispose();
  }
}

export function classifyWidget({models, samples}: {models: ClassifyModel[]; samples: ClassifySample[]}): HTMLElement {
  const root = document.createElement("div");
  root.className = "cnn-classify";
  if (!models.length) {
    root.textContent = "No network is available in this build, so there is nothing to classify with.";
    return root;
  }
  // the choices live in the page URL ("model", "sample"), so a link reproduces the view
  const modelSelect = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name})), param: "model"});
  const sampleSelect = selectInput({label: "Sample", options: samples.map((s) => ({value: s.id, text: s.title})), param: "sample"});
  const upload = imageUpload({label: "Or upload an image"});
  const picture = document.createElement("figure");
  const caption = document.createElement("figcaption");
  const status = document.createElement("p");
  status.className = "cnn-classify-status";
  status.setAttribute("aria-live", "polite");
  const {table: results, body: resultRows} = tableWithHeader("cnn-classify-results", ["Rank", "Class", "Probability", "Bar"]);
  results.createCaption().textContent = "The five most probable classes";
  root.append(modelSelect, sampleSelect, upload, status, picture, results);

  const loaded = new Map<string, Promise<ZooModel>>();
  const modelById = (id: string) => {
    if (!loaded.has(id)) loaded.set(id, models.find((m) => m.id === id)!.load());
    return loaded.get(id)!;
  };
  let image: {pixels: RgbaImage; title: string; credit?: string} | null = null;
  let run = 0;

  async function update(): Promise<void> {
    if (!image) return;
    const ticket = ++run;
    root.dataset.state = "busy";
    status.textContent = `Classifying “${image.title}”…`;
    try {
      const model = await modelById(modelSelect.value);
      const {predictions, input} = await classifyImage(model, image.pixels);
      if (ticket !== run) return;
      const top = predictions[0];
      input.setAttribute("role", "img");
      input.setAttribute("aria-label", `${image.title} as ${model.name} sees it (${model.inputSize.join("×")}): top-1 “${top.label}”, ${(top.probability * 100).toFixed(1)}%`);
      caption.textContent = `${image.title}, as the network sees it (${model.inputSize[1]}×${model.inputSize[0]})${image.credit ? `. ${image.credit}` : ""}`;
      picture.replaceChildren(input, caption);
      resultRows.replaceChildren(...predictions.map((p, i) => {
        const tr = document.createElement("tr");
        if (i === 0) tr.className = "cnn-top1";
        const bar = document.createElement("span");
        bar.className = "cnn-bar";
        bar.style.width = `${(p.probability * 100).toFixed(1)}px`;
        const cells = [String(i + 1), p.label, `${(p.probability * 100).toFixed(1)}%`].map((t) => {
          const td = document.createElement("td");
          td.textContent = t;
          return td;
        });
        const barCell = document.createElement("td");
        barCell.append(bar);
        tr.append(...cells, barCell);
        return tr;
      }));
      status.textContent = `${model.name}: top-1 “${predictions[0].label}” (${(predictions[0].probability * 100).toFixed(1)}%).`;
      root.dataset.state = "done";
      root.dataset.top1 = predictions[0].label;
      reportResult("classify", {model: model.id, image: image.title, top1: top.label, probability: top.probability, top5: predictions.map((p) => ({label: p.label, probability: p.probability}))});
    } catch (e) {
      if (ticket !== run) return;
      status.textContent = `Could not classify: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
    }
  }

  async function useSample(): Promise<void> {
    const s = samples.find((x) => x.id === sampleSelect.value);
    if (!s) return;
    // a new ticket now, so a classification of the previous image that finishes while this
    // sample downloads is dropped instead of being shown as the answer for the new choice
    const ticket = ++run;
    root.dataset.state = "busy";
    status.textContent = `Loading “${s.title}”…`;
    let decoded: Awaited<ReturnType<typeof decodeImageFile>>;
    try {
      const response = await fetch(s.src);
      if (!response.ok) throw new Error(`the sample file answered ${response.status}`);
      decoded = await decodeImageFile(await response.blob());
    } catch (e) {
      if (ticket !== run) return;
      status.textContent = `Could not load “${s.title}”: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
      return;
    }
    if (ticket !== run) return;
    image = {pixels: decoded.image, title: s.title, credit: s.attribution};
    await update();
  }

  modelSelect.addEventListener("input", () => void update());
  sampleSelect.addEventListener("input", () => void useSample());
  upload.addEventListener("input", () => {
    if (!upload.value) return;
    image = {pixels: upload.value.image, title: upload.value.name};
    void update();
  });
  void useSample();
  return root;
}
