// "Render live": activation maximisation of one channel in the page, with the knobs that
// matter (steps, recipe, robustness transforms, total-variation penalty), a progress bar with
// Cancel, and the result drawn next to the precomputed render, if there is one. Nothing runs
// until the reader presses the button (slow devices): the network itself is only loaded then.
// The knobs live in the URL under a prefix ("render.steps", "render.recipe", ...).
// A network the site ships (a packed file with a URL) is rendered in a Web Worker
// (components/featvis/render-worker.ts), so the page keeps answering while a heavy network
// (GoogLeNet: seconds a step on wasm) renders; the reader's own networks, a page without
// Workers, or a worker that cannot start render on the main thread, and the status says why.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import type {RenderResult} from "../featvis/render.ts";
import {runLiveRender, type LiveRenderSpec} from "../featvis/live-job.ts";
import {renderInWorker, WorkerUnavailable} from "../featvis/render-worker.ts";
import {liveRenderDescription} from "../featvis/atlas.ts";
import {progressWidget} from "./progress.ts";
import {megabytes} from "./download.ts";
import {checkboxInput, rangeInput, selectInput} from "./controls.ts";

/** What to render: a channel of a layer of a network that is loaded on demand. */
export interface LiveTarget {
  modelId: string;
  modelName: string;
  load(): Promise<ZooModel>;
  /** The network's packed file, when it has one (the render then runs in a worker that loads it itself). */
  url?: () => Promise<string | null>;
  layer: string;
  channel: number;
  /** Shown beside the live render for comparison (e.g. the precomputed render). */
  compare?: HTMLElement | null;
}

export interface LiveRenderSettings {
  steps: number;
  recipe: "modern" | "classic";
  transforms: boolean;
  tv: number;
}

export interface LiveRenderOptions {
  target: LiveTarget;
  /** URL key prefix of the knobs (default "render"); none when null. */
  params?: string | null;
  /** Render size in px (default: the model's input size, at most 128). */
  size?: number;
  /** Called with each finished (or cancelled) render, and where it ran. */
  onResult?: (r: RenderResult, target: LiveTarget, settings: LiveRenderSettings, engine: RenderEngine) => void;
}

/** Where a render ran: a Web Worker, or the page's main thread (and why). */
export interface RenderEngine {
  where: "worker" | "page";
  backend: string;
  reason?: string;
}

export type LiveRenderElement = HTMLElement & {
  /** Cancel a render in progress. */
  abort(): void;
  /** Render something else from now on (cancels a render in progress, clears the old result). */
  setTarget(target: LiveTarget): void;
  readonly settings: LiveRenderSettings;
};

function drawResult(canvas: HTMLCanvasElement, r: RenderResult): void {
  const {width, height, data} = r.image;
  canvas.hidden = false;
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(data), width, height), 0, 0);
}

export function liveRender({target: first, params = "render", size, onResult}: LiveRenderOptions): LiveRenderElement {
  const key = (name: string) => (params ? `${params}.${name}` : undefined);
  const root = document.createElement("div") as unknown as LiveRenderElement;
  root.className = "cnn-live-render";
  root.dataset.state = "idle";
  const steps = rangeInput({label: "Steps", min: 16, max: 512, step: 16, value: 128, param: key("steps")});
  const schedule = selectInput<"modern" | "classic">({label: "Recipe", value: "modern", param: key("recipe"), options: [
    {value: "modern", text: "modern: Fourier, decorrelated colour, transforms"},
    {value: "classic", text: "classic: pixels, blur, upscale"},
  ]});
  const transforms = checkboxInput({label: "Jitter, scale, rotate (modern)", value: true, param: key("transforms")});
  const tv = rangeInput({label: "Total variation penalty", min: 0, max: 1, step: 0.05, value: 0, format: (v) => v.toFixed(2), param: key("tv")});
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cnn-live-start";
  const status = document.createElement("div");
  const row = document.createElement("div");
  row.className = "cnn-live-row";
  const liveFigure = document.createElement("figure");
  liveFigure.className = "cnn-figure cnn-live-figure";
  const canvas = document.createElement("canvas");
  canvas.className = "cnn-render";
  canvas.setAttribute("role", "img");
  canvas.hidden = true; // until there is something to show
  const liveCaption = document.createElement("figcaption");
  liveFigure.append(canvas, liveCaption);
  const summary = document.createElement("p");
  summary.className = "cnn-live-summary";
  summary.setAttribute("aria-live", "polite");
  const engineNote = document.createElement("p");
  engineNote.className = "cnn-live-engine";
  root.append(steps, schedule, transforms, tv, button, status, engineNote, row, summary);

  const settings = (): LiveRenderSettings => ({steps: steps.value, recipe: schedule.value, transforms: transforms.value, tv: tv.value});
  Object.defineProperty(root, "settings", {get: settings});
  let target = first;
  let run = 0; // a render for an older target must not draw over the new one
  let current: ReturnType<typeof progressWidget> | null = null;
  const cancel = () => { if (current && !current.signal.aborted) current.element.querySelector("button")?.click(); };
  root.abort = cancel;

  function showTarget(): void {
    button.textContent = `Render ${target.layer} channel ${target.channel} live`;
    row.replaceChildren(...(target.compare ? [target.compare] : []), liveFigure);
    canvas.hidden = true;
    canvas.removeAttribute("aria-label");
    liveCaption.textContent = `Live: not rendered yet. Press “${button.textContent}” to optimise an image in this browser.`;
    summary.textContent = "";
    status.replaceChildren();
    engineNote.textContent = "";
    root.dataset.state = "idle";
    root.dataset.layer = target.layer;
    root.dataset.channel = String(target.channel);
  }
  root.setTarget = (t) => {
    cancel();
    run++;
    target = t;
    button.disabled = false;
    showTarget();
  };
  showTarget();

  button.addEventListener("click", async () => {
    const mine = ++run;
    const t = target;
    const s = settings();
    button.disabled = true;
    root.dataset.state = "running";
    const progress = progressWidget(`Rendering ${t.layer} channel ${t.channel}`);
    current = progress;
    status.replaceChildren(progress.element);
    const spec: LiveRenderSpec = {layer: t.layer, channel: t.channel, steps: s.steps, recipe: s.recipe, transforms: s.transforms, tv: s.tv, size};
    const onProgress = (done: number, total: number, value: number) => progress.update(done, total, `objective ${value.toFixed(3)}`);
    const showEngine = (e: RenderEngine) => {
      root.dataset.engine = e.where;
      root.dataset.backend = e.backend;
      engineNote.textContent = e.where === "worker"
        ? `Rendering in a background worker (${e.backend}); the page stays responsive.`
        : `Rendering on the page's main thread (${e.backend}): ${e.reason}.`;
    };
    delete root.dataset.engine;
    delete root.dataset.backend;
    engineNote.textContent = "";
    try {
      let engine: RenderEngine | null = null, r: RenderResult | null = null, reason = "this network was loaded from your own files";
      const url = await t.url?.();
      if (mine !== run) return;
      if (url) {
        try {
          progress.update(0, s.steps, "loading the network in a background worker");
          const out = await renderInWorker(new URL(url, location.href).href, tf.getBackend(), spec, {
            signal: progress.signal,
            onLoading: (loaded, total) => {
              if (mine === run) progress.note(total ? loaded / total : null, `downloading the network in a background worker: ${megabytes(loaded)}${total ? ` of ${megabytes(total)}` : ""}`);
            },
            onReady: (backend) => {
              if (mine !== run) return;
              showEngine({where: "worker", backend});
              progress.update(0, s.steps, "the network is loaded; rendering");
            },
            onProgress,
          });
          engine = {where: "worker", backend: out.backend};
          r = out.result;
        } catch (e) {
          if (!(e instanceof WorkerUnavailable)) throw e;
          reason = e.message;
        }
      }
      if (!engine) {
        if (mine !== run) return;
        engine = {where: "page", backend: tf.getBackend(), reason};
        showEngine(engine);
        const model = await t.load();
        r = await runLiveRender(model, spec, {signal: progress.signal, onProgress});
      }
      if (mine !== run) return;
      if (!r) { // cancelled while the worker loaded the network, or it had to be stopped: no partial image
        summary.textContent = "Cancelled before the background worker returned an image.";
        progress.finish("Cancelled.");
        root.dataset.state = "cancelled";
        return;
      }
      drawResult(canvas, r);
      const described = {modelName: t.modelName, layer: t.layer, channel: t.channel, steps: r.steps, objectiveAfter: r.objectiveAfter, cancelled: r.cancelled};
      canvas.setAttribute("aria-label", liveRenderDescription(described));
      liveCaption.textContent = `Live: ${r.steps} steps, ${s.recipe} recipe${s.tv > 0 ? `, TV ${s.tv.toFixed(2)}` : ""}.`;
      const where = engine.where === "worker" ? `in a background worker (${engine.backend})` : `on the page's main thread (${engine.backend})`;
      summary.textContent = `${r.cancelled ? "Cancelled after" : "Done:"} ${r.steps} steps in ${r.seconds.toFixed(1)} s ${where}; channel objective ${r.objectiveBefore.toFixed(3)} → ${r.objectiveAfter.toFixed(3)}.`;
      progress.finish(r.cancelled ? "Cancelled: the partial result is shown." : "Done.");
      root.dataset.state = r.cancelled ? "cancelled" : "done";
      onResult?.(r, t, s, engine);
    } catch (e) {
      if (mine !== run) return;
      progress.finish(`Render failed: ${e instanceof Error ? e.message : String(e)}`);
      root.dataset.state = "error";
    } finally {
      if (mine === run) button.disabled = false;
      if (current === progress) current = null;
    }
  });
  return root;
}
