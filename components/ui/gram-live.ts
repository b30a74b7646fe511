// The chapter's live widgets: each is a few controls, a Run button, a progress bar with
// Cancel, the resulting image and its loss curve. They share one frame (optimizeWidget) and
// differ only in their controls and the optimisation they start.
import * as tf from "@tensorflow/tfjs";
import * as Plot from "@observablehq/plot";
import type {ZooModel} from "../zoo/types.ts";
import {toModelInput} from "../image/prepare.ts";
import type {RgbaImage} from "../image/decode-browser.ts";
import {gramMatrix, summarizeGram} from "../gram/gram.ts";
import {shuffleComparison} from "../gram/position.ts";
import {gramLayers, spatialLayers} from "../gram/defaults.ts";
import {invertFeatures, styleTransfer, synthesizeTexture, STYLE_DEFAULTS} from "../gram/experiments.ts";
import {makeCueConflict} from "../gram/cue-conflict.ts";
import type {OptimizeResult} from "../gram/optimize.ts";
import {toRGBA} from "../featvis/render.ts";
import {checkboxInput, rangeInput, selectInput, type ValueElement} from "./controls.ts";
import {progressWidget} from "./progress.ts";
import {gramHeatmap} from "./gram-heatmap.ts";
import {palette} from "./palette.ts";

export interface GramImage {
  id: string;
  title: string;
  image: RgbaImage;
}

/** An image as [1, side, side, 3] in [0, 1] (centre square). */
export function imageTensor(img: RgbaImage, side: number): tf.Tensor4D {
  return toModelInput(img.data, img.width, img.height, [side, side]);
}

function drawRGBA(canvas: HTMLCanvasElement, img: {width: number; height: number; data: Uint8ClampedArray}, scale = 2): HTMLCanvasElement {
  canvas.width = img.width;
  canvas.height = img.height;
  canvas.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  Object.assign(canvas.style, {width: `${img.width * scale}px`, imageRendering: "pixelated"});
  return canvas;
}

async function tensorCanvas(x: tf.Tensor4D, scale = 2, alt = "image"): Promise<HTMLCanvasElement> {
  const c = drawRGBA(document.createElement("canvas"), await toRGBA(x), scale);
  c.setAttribute("role", "img");
  c.setAttribute("aria-label", alt);
  return c;
}

function lossCurve(losses: number[], label: string): Element {
  return Plot.plot({
    width: 320, height: 160, marginLeft: 50,
    y: {type: "log", label: "loss (log)", grid: true}, x: {label: "step"},
    marks: [Plot.lineY(losses.map((v, i) => ({step: i + 1, loss: Math.max(v, 1e-8)})), {x: "step", y: "loss", stroke: palette.blue}), Plot.frame({stroke: palette.grey})],
    ariaLabel: label,
  } as Plot.PlotOptions);
}

/** The shared frame: controls, Run, progress + Cancel, the result canvas, a loss curve, a summary line. */
export function optimizeWidget({title, controls, run, className}: {
  title: string;
  controls: HTMLElement[];
  run: (signal: AbortSignal, onProgress: (step: number, total: number, loss: number) => void) => Promise<OptimizeResult>;
  className: string;
}): HTMLElement & {abort(): void} {
  const root = document.createElement("div") as unknown as HTMLElement & {abort(): void};
  root.className = `cnn-gram-live ${className}`;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = title;
  const status = document.createElement("div");
  const out = document.createElement("div");
  out.className = "cnn-gram-result";
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", "No result yet");
  const curve = document.createElement("div");
  out.append(canvas, curve);
  const summary = document.createElement("p");
  summary.className = "cnn-gram-summary";
  summary.setAttribute("aria-live", "polite");
  root.append(...controls, button, status, out, summary);
  let progress: ReturnType<typeof progressWidget> | null = null;
  root.abort = () => { if (progress && !progress.signal.aborted) (progress.element.querySelector("button") as HTMLButtonElement | null)?.click(); };
  button.addEventListener("click", async () => {
    button.disabled = true;
    root.dataset.state = "running";
    progress = progressWidget(title);
    status.replaceChildren(progress.element);
    try {
      const r = await run(progress.signal, (done, total, loss) => progress!.update(done, total, `loss ${loss.toPrecision(3)}`));
      drawRGBA(canvas, r.image);
      canvas.setAttribute("aria-label", `${title}: result after ${r.steps} steps, loss ${r.lastLoss.toPrecision(3)}`);
      curve.replaceChildren(lossCurve(r.losses, `${title}: loss per step`));
      summary.textContent = `${r.cancelled ? "Cancelled after" : "Done:"} ${r.steps} steps in ${r.seconds.toFixed(1)} s (${(r.steps / Math.max(r.seconds, 1e-3)).toFixed(1)} steps/s); loss ${r.firstLoss.toPrecision(3)} → ${r.lastLoss.toPrecision(3)}.`;
      root.dataset.firstLoss = String(r.firstLoss);
      root.dataset.lastLoss = String(r.lastLoss);
      progress.finish(r.cancelled ? "Cancelled: the partial result is shown." : "Done.");
      root.dataset.state = r.cancelled ? "cancelled" : "done";
    } catch (e) {
      progress.finish(`Failed: ${e instanceof Error ? e.message : String(e)}`);
      root.dataset.state = "error";
    } finally {
      button.disabled = false;
      progress = null;
    }
  });
  return root;
}

const stepsInput = (value: number) => rangeInput({label: "Steps", min: 10, max: 400, step: 10, value});

/** One checkbox per spatial layer, the model's chosen layers ticked. */
function layerChecks(model: ZooModel, chosen: string[]): {element: HTMLElement; value(): string[]} {
  const fieldset = document.createElement("fieldset");
  fieldset.className = "cnn-gram-layers";
  const legend = document.createElement("legend");
  legend.textContent = "Layers whose Gram matrices are matched (map sizes at the network's native input)";
  fieldset.append(legend);
  const boxes = spatialLayers(model).map((l) => {
    const box = checkboxInput({label: `${l.name} (${l.shape.join("×")})`, value: chosen.includes(l.name)});
    box.dataset.layer = l.name;
    fieldset.append(box);
    return [l.name, box] as const;
  });
  return {element: fieldset, value: () => boxes.filter(([, b]) => b.value).map(([n]) => n)};
}

function imageSelect(label: string, images: GramImage[], value?: string): ValueElement<string> {
  return selectInput({label, options: images.map((i) => ({value: i.id, text: i.title})), value: value ?? images[0]?.id});
}

const find = (images: GramImage[], id: string) => images.find((i) => i.id === id) ?? images[0];

export function textureLive({model, images, size = 128, source}: {model: ZooModel; images: GramImage[]; size?: number; source?: string}): HTMLElement & {abort(): void} {
  const pick = imageSelect("Texture source", images, source);
  const layers = layerChecks(model, gramLayers(model).style);
  const steps = stepsInput(100);
  return optimizeWidget({
    title: "Synthesize texture", className: "cnn-gram-texture", controls: [pick, layers.element, steps],
    run: async (signal, onProgress) => {
      const chosen = layers.value();
      if (!chosen.length) throw new Error("tick at least one layer");
      const x = imageTensor(find(images, pick.value).image, size);
      try {
        return await synthesizeTexture(model, x, {layers: chosen, size, steps: steps.value, signal, onProgress});
      } finally {
        x.dispose();
      }
    },
  });
}

/** A slider over powers of ten: the value is 10^position. */
function logSlider(label: string, value: number, min: number, max: number): ValueElement<number> {
  const s = rangeInput({label, min: Math.log10(min), max: Math.log10(max), step: 0.25, value: Math.log10(value), format: (v) => (10 ** v).toPrecision(2)});
  return s;
}

export function styleLive({model, images, size = 128, content, style}: {model: ZooModel; images: GramImage[]; size?: number; content?: string; style?: string}): HTMLElement & {abort(): void} {
  const L = gramLayers(model);
  const contentPick = imageSelect("Content image", images, content), stylePick = imageSelect("Style image", images, style);
  const cw = logSlider("Content weight", STYLE_DEFAULTS.contentWeight, 0.01, 100), sw = logSlider("Style weight", STYLE_DEFAULTS.styleWeight, 0.1, 1000);
  const contentLayer = selectInput({label: "Content layer", options: spatialLayers(model).map((l) => ({value: l.name, text: l.name})), value: L.content});
  const layers = layerChecks(model, L.style);
  const steps = stepsInput(100);
  return optimizeWidget({
    title: "Transfer style", className: "cnn-gram-style", controls: [contentPick, stylePick, cw, sw, contentLayer, layers.element, steps],
    run: async (signal, onProgress) => {
      const chosen = layers.value();
      if (!chosen.length) throw new Error("tick at least one style layer");
      const c = imageTensor(find(images, contentPick.value).image, size), s = imageTensor(find(images, stylePick.value).image, size);
      try {
        return await styleTransfer(model, c, s, {contentLayer: contentLayer.value, styleLayers: chosen, contentWeight: 10 ** cw.value, styleWeight: 10 ** sw.value, steps: steps.value, signal, onProgress});
      } finally {
        tf.dispose([c, s]);
      }
    },
  });
}

export function invertLive({model, images, size = 128, image}: {model: ZooModel; images: GramImage[]; size?: number; image?: string}): HTMLElement & {abort(): void} {
  const pick = imageSelect("Image to invert", images, image);
  const L = gramLayers(model);
  const layer = selectInput({label: "Layer", options: spatialLayers(model).map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), value: L.invert[Math.min(2, L.invert.length - 1)]});
  const tv = rangeInput({label: "Total variation weight", min: 0, max: 0.2, step: 0.01, value: 0.02, format: (v) => v.toFixed(2)});
  const steps = stepsInput(100);
  return optimizeWidget({
    title: "Invert features", className: "cnn-gram-invert", controls: [pick, layer, tv, steps],
    run: async (signal, onProgress) => {
      const x = imageTensor(find(images, pick.value).image, size);
      try {
        return await invertFeatures(model, x, {layer: layer.value, tv: tv.value, steps: steps.value, signal, onProgress});
      } finally {
        x.dispose();
      }
    },
  });
}

export function cueConflictLive({model, images, size = 128, shape, texture}: {model: ZooModel; images: GramImage[]; size?: number; shape?: string; texture?: string}): HTMLElement & {abort(): void} {
  const shapePick = imageSelect("Shape from", images, shape), texturePick = imageSelect("Texture from", images, texture);
  const steps = stepsInput(150);
  return optimizeWidget({
    title: "Make cue conflict", className: "cnn-gram-cue", controls: [shapePick, texturePick, steps],
    run: async (signal, onProgress) => {
      const s = imageTensor(find(images, shapePick.value).image, size), t = imageTensor(find(images, texturePick.value).image, size);
      try {
        return await makeCueConflict(model, s, t, {steps: steps.value, signal, onProgress});
      } finally {
        tf.dispose([s, t]);
      }
    },
  });
}

/** The Gram matrix of one layer for an image and for its patch-shuffled copy, with both distances. */
export async function gramShuffleFigure(model: ZooModel, img: RgbaImage, layer: string, {size = 128, patch = 32, seed = 0} = {}): Promise<HTMLElement> {
  const x = imageTensor(img, size);
  const c = shuffleComparison(model, x, layer, {patch, seed});
  const [g0, g1] = tf.tidy(() => [gramMatrix(model.activations(x, [layer])[0]), gramMatrix(model.activations(c.shuffled, [layer])[0])]);
  const channels = g0.shape[2];
  const v0 = g0.dataSync(), v1 = g1.dataSync();
  const s0 = summarizeGram(g0);
  const domain: [number, number] = [Math.min(s0.min, summarizeGram(g1).min), Math.max(s0.max, summarizeGram(g1).max)];
  const root = document.createElement("div");
  root.className = "cnn-gram-shuffle";
  const row = document.createElement("div");
  row.className = "cnn-gram-row";
  row.append(
    await tensorCanvas(x, 1, "the image"), gramHeatmap(v0, channels, {label: `Gram matrix of ${layer}, original`, domain, size: 200}),
    await tensorCanvas(c.shuffled, 1, `the image with its ${patch}-pixel patches shuffled`), gramHeatmap(v1, channels, {label: `Gram matrix of ${layer}, shuffled`, domain, size: 200}),
  );
  const p = document.createElement("p");
  p.className = "cnn-gram-distances";
  p.dataset.featureDistance = String(c.featureDistance);
  p.dataset.gramDistance = String(c.gramDistance);
  p.textContent = `Shuffling ${patch}×${patch} patches changes the features of ${layer} by ${(100 * c.featureDistance).toFixed(1)}% (relative distance ‖F′−F‖/‖F‖) but its Gram matrix by only ${(100 * c.gramDistance).toFixed(1)}% (‖G′−G‖/‖G‖).`;
  root.append(row, p);
  tf.dispose([x, c.shuffled, g0, g1]);
  return root;
}
