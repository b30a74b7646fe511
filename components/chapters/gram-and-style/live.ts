// The chapter's live optimisations: each is a few controls, a Run button, a progress bar with
// Cancel, the resulting image and its loss curve. They share one frame (optimizeWidget) and
// differ only in their controls and the optimisation they start. Nothing runs until the reader
// presses the button; every control lives in the URL under the widget's prefix ("texture.",
// "style.", "invert.", "cue."), and every finished run is reported (reportResult).
import * as tf from "@tensorflow/tfjs";
import * as Plot from "@observablehq/plot";
import type {ZooModel} from "../../zoo/types.ts";
import {toModelInput} from "../../image/prepare.ts";
import type {RgbaImage} from "../../image/decode-browser.ts";
import {gramLayers, spatialLayers, INVERSION_DEFAULTS} from "../../gram/defaults.ts";
import {invertFeatures, styleTransfer, synthesizeTexture, STYLE_DEFAULTS} from "../../gram/experiments.ts";
import {makeCueConflict} from "../../gram/cue-conflict.ts";
import type {OptimizeResult} from "../../gram/optimize.ts";
import {formatWeight, lossStride, pickByPattern, sampleLosses} from "../../gram/params.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {rangeInput, selectInput} from "../../ui/controls.ts";
import {imageSelect, layerChecks, logSlider, paramKey} from "./controls.ts";
import {progressWidget} from "../../ui/progress.ts";
import {palette} from "../../ui/palette.ts";
import {describeChart} from "../../ui/chart-a11y.ts";
import {chartWithTable} from "../../ui/data-table.ts";

export interface GramImage {
  /** Short readable id, used in URLs ("brick", "chelsea"). */
  id: string;
  title: string;
  image: RgbaImage;
  /** The asset or ShapeTex id the image came from ("skimage/brick.png"). */
  source?: string;
}

export type LiveWidget = HTMLElement & {abort(): void};

/** An image as [1, side, side, 3] in [0, 1] (centre square). */
export function imageTensor(img: RgbaImage, side: number): tf.Tensor4D {
  return toModelInput(img.data, img.width, img.height, [side, side]);
}

export function drawRGBA(canvas: HTMLCanvasElement, img: {width: number; height: number; data: Uint8ClampedArray}, scale = 2): HTMLCanvasElement {
  canvas.width = img.width;
  canvas.height = img.height;
  canvas.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  Object.assign(canvas.style, {width: `${img.width * scale}px`, imageRendering: "pixelated"});
  return canvas;
}

/** The loss per step on a log scale, with its text alternative and its numbers as a table. */
function lossChart(losses: number[], what: string): HTMLElement {
  const plot = Plot.plot({
    width: 320, height: 160, marginLeft: 50,
    y: {type: "log", label: "loss (log)", grid: true}, x: {label: "step"},
    marks: [Plot.lineY(losses.map((v, i) => ({step: i + 1, loss: Math.max(v, 1e-8)})), {x: "step", y: "loss", stroke: palette.blue}), Plot.frame({stroke: palette.grey})],
  });
  const first = losses[0], last = losses.at(-1)!;
  describeChart(plot, `Loss of the ${what} per step, log scale: ${first.toPrecision(3)} at step 1, ${last.toPrecision(3)} at step ${losses.length}.`);
  // Plot labels single-element marks too (the frame's <rect aria-label="frame">), which describeChart leaves
  for (const el of plot.querySelectorAll("svg [aria-label]")) el.removeAttribute("aria-label");
  const stride = lossStride(losses.length);
  return chartWithTable(plot, {
    caption: `Loss of the ${what} ${stride > 1 ? `every ${stride} steps and at the last (${losses.length} steps in all)` : "at every step"}`,
    columns: ["step", "loss"], rows: sampleLosses(losses, stride), format: (v, column) => (column === 0 ? String(v) : v.toPrecision(4)),
  });
}

export interface OptimizeSpec {
  /** The embeddable figure this is (its reportResult name). */
  widget: string;
  /** The Run button's text, e.g. "Synthesize texture". */
  title: string;
  /** What a run makes, for the loss chart ("texture synthesis"). */
  what: string;
  className: string;
  model: ZooModel;
  controls: HTMLElement[];
  run: (signal: AbortSignal, onProgress: (step: number, total: number, loss: number) => void) => Promise<OptimizeResult>;
  /** The text alternative of a result ("texture synthesised from Brick wall, 150 steps, style loss 0.004"). */
  describe: (r: OptimizeResult) => string;
  /** The settings of the run, for the result message (small plain values). */
  settings: () => Record<string, string | number | string[]>;
}

/** The shared frame: controls, Run, progress + Cancel, the result canvas, a loss curve, a summary line. */
export function optimizeWidget({widget, title, what, className, model, controls, run, describe, settings}: OptimizeSpec): LiveWidget {
  const root = document.createElement("div") as unknown as LiveWidget;
  root.className = `cnn-gram-live ${className}`;
  root.dataset.widget = widget;
  root.dataset.state = "idle";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cnn-live-start"; // the site's mark of a button that starts cancellable live work
  button.textContent = title;
  const status = document.createElement("div");
  const out = document.createElement("div");
  out.className = "cnn-gram-result";
  out.hidden = true; // until there is a result: no empty picture, no empty chart
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", "No result yet");
  const curve = document.createElement("div");
  curve.className = "cnn-gram-curve";
  out.append(canvas, curve);
  const summary = document.createElement("p");
  summary.className = "cnn-gram-summary";
  summary.setAttribute("role", "status");
  summary.textContent = `Nothing runs until you press “${title}”.`;
  root.append(...controls, button, status, out, summary);
  let progress: ReturnType<typeof progressWidget> | null = null;
  root.abort = () => { if (progress && !progress.signal.aborted) (progress.element.querySelector("button") as HTMLButtonElement | null)?.click(); };
  button.addEventListener("click", async () => {
    button.disabled = true;
    root.dataset.state = "running";
    progress = progressWidget(title);
    status.replaceChildren(progress.element);
    const asked = settings();
    try {
      const r = await run(progress.signal, (done, total, loss) => progress!.update(done, total, `loss ${loss.toPrecision(3)}`));
      drawRGBA(canvas, r.image);
      canvas.setAttribute("aria-label", `${r.cancelled ? "Partial result, cancelled: " : ""}${describe(r)}`);
      curve.replaceChildren(...(r.losses.length ? [lossChart(r.losses, what)] : []));
      out.hidden = false;
      summary.textContent = `${r.cancelled ? "Cancelled after" : "Done:"} ${r.steps} steps in ${r.seconds.toFixed(1)} s (${(r.steps / Math.max(r.seconds, 1e-3)).toFixed(1)} steps/s); loss ${r.firstLoss.toPrecision(3)} → ${r.lastLoss.toPrecision(3)}.`;
      Object.assign(root.dataset, {firstLoss: String(r.firstLoss), lastLoss: String(r.lastLoss), steps: String(r.steps)});
      progress.finish(r.cancelled ? "Cancelled: the partial result is shown." : "Done.");
      root.dataset.state = r.cancelled ? "cancelled" : "done";
      reportResult(widget, {model: model.id, ...asked, steps: r.steps, firstLoss: r.firstLoss, loss: r.lastLoss, seconds: Number(r.seconds.toFixed(2)), cancelled: r.cancelled});
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      progress.finish(`Failed: ${message}`); // an earlier result, if any, stays shown with its summary
      root.dataset.state = "error";
    } finally {
      button.disabled = false;
      progress = null;
    }
  });
  return root;
}

const stepsInput = (value: number, prefix: string) => rangeInput({label: "Steps", min: 10, max: 400, step: 10, value, param: paramKey(prefix, "steps")});

const find = (images: GramImage[], id: string) => images.find((i) => i.id === id) ?? images[0];

export interface LiveOptions {
  model: ZooModel;
  images: GramImage[];
  /** Side of the optimised image in pixels. */
  size?: number;
  /** URL key prefix of the widget's controls. */
  params?: string;
}

export function textureLive({model, images, size = 128, params = "texture", source}: LiveOptions & {source?: string}): LiveWidget {
  const pick = imageSelect("Texture source", images, source ?? pickByPattern(images, /brick/)?.id, paramKey(params, "image"));
  const layers = layerChecks(model, gramLayers(model).style, paramKey(params, "layers"));
  const steps = stepsInput(100, params);
  return optimizeWidget({
    widget: "texture-synthesis", title: "Synthesize texture", what: "texture synthesis", className: "cnn-gram-texture", model, controls: [pick, layers, steps],
    settings: () => ({image: pick.value, layers: layers.value}),
    describe: (r) => `Texture synthesised from ${find(images, pick.value).title} with ${model.name}, matching ${layers.value.length} layers: ${r.steps} steps, style loss ${r.lastLoss.toPrecision(3)}`,
    run: async (signal, onProgress) => {
      const chosen = layers.value;
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

export function styleLive({model, images, size = 128, params = "style", content, style}: LiveOptions & {content?: string; style?: string}): LiveWidget {
  const L = gramLayers(model);
  const contentPick = imageSelect("Content image", images, content ?? pickByPattern(images, /chelsea/)?.id, paramKey(params, "content"));
  const stylePick = imageSelect("Style image", images, style ?? pickByPattern(images, /gravel/)?.id, paramKey(params, "style"));
  const cw = logSlider("Content weight", STYLE_DEFAULTS.contentWeight, 0.01, 100, paramKey(params, "content-weight"));
  const sw = logSlider("Style weight", STYLE_DEFAULTS.styleWeight, 0.1, 1000, paramKey(params, "style-weight"));
  const contentLayer = selectInput({label: "Content layer", options: spatialLayers(model).map((l) => ({value: l.name, text: l.name})), value: L.content, param: paramKey(params, "content-layer")});
  const layers = layerChecks(model, L.style, paramKey(params, "layers"));
  const steps = stepsInput(100, params);
  return optimizeWidget({
    widget: "style-transfer", title: "Transfer style", what: "style transfer", className: "cnn-gram-style", model, controls: [contentPick, stylePick, cw, sw, contentLayer, layers, steps],
    settings: () => ({content: contentPick.value, style: stylePick.value, contentWeight: Number(formatWeight(10 ** cw.value)), styleWeight: Number(formatWeight(10 ** sw.value)), contentLayer: contentLayer.value, layers: layers.value}),
    describe: (r) => `${find(images, contentPick.value).title} repainted in the style of ${find(images, stylePick.value).title} by ${model.name}: ${r.steps} steps, loss ${r.lastLoss.toPrecision(3)}`,
    run: async (signal, onProgress) => {
      const chosen = layers.value;
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

export function invertLive({model, images, size = 128, params = "invert", image}: LiveOptions & {image?: string}): LiveWidget {
  const pick = imageSelect("Image to invert", images, image ?? pickByPattern(images, /chelsea/)?.id, paramKey(params, "image"));
  const L = gramLayers(model);
  const layer = selectInput({label: "Layer", options: spatialLayers(model).map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), value: L.invert[Math.min(2, L.invert.length - 1)], param: paramKey(params, "layer")});
  const tv = rangeInput({label: "Total variation weight", min: 0, max: 0.2, step: 0.01, value: INVERSION_DEFAULTS.tv, format: (v) => v.toFixed(2), param: paramKey(params, "tv")});
  const steps = stepsInput(100, params);
  return optimizeWidget({
    widget: "feature-inversion", title: "Invert features", what: "feature inversion", className: "cnn-gram-invert", model, controls: [pick, layer, tv, steps],
    settings: () => ({image: pick.value, layer: layer.value, tv: tv.value}),
    describe: (r) => `${find(images, pick.value).title} reconstructed from the features of ${layer.value} of ${model.name}: ${r.steps} steps, loss ${r.lastLoss.toPrecision(3)}`,
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

export function cueConflictLive({model, images, size = 128, params = "cue", shape, texture}: LiveOptions & {shape?: string; texture?: string}): LiveWidget {
  const shapePick = imageSelect("Shape from", images, shape ?? pickByPattern(images, /cat7|chelsea|shapetex/)?.id, paramKey(params, "shape"));
  const texturePick = imageSelect("Texture from", images, texture ?? pickByPattern(images, /elephant|gravel/)?.id, paramKey(params, "texture"));
  const steps = stepsInput(150, params);
  return optimizeWidget({
    widget: "cue-conflict-maker", title: "Make cue conflict", what: "cue-conflict image", className: "cnn-gram-cue", model, controls: [shapePick, texturePick, steps],
    settings: () => ({shape: shapePick.value, texture: texturePick.value}),
    describe: (r) => `Cue conflict made by ${model.name}: the shape of ${find(images, shapePick.value).title} with the texture of ${find(images, texturePick.value).title}, ${r.steps} steps, loss ${r.lastLoss.toPrecision(3)}`,
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
