// "Render live": activation maximisation of one channel in the page, with the knobs that
// matter (steps, recipe, robustness transforms, total-variation penalty), a progress bar with
// Cancel, and the result drawn next to the precomputed render, if there is one. Nothing runs
// until the reader presses the button (slow devices): the network itself is only loaded then.
// The knobs live in the URL under a prefix ("render.steps", "render.recipe", ...).
import type {ZooModel} from "../zoo/types.ts";
import {channel, totalVariation} from "../featvis/objectives.ts";
import {fourierImage} from "../featvis/param.ts";
import {render, type RenderResult} from "../featvis/render.ts";
import {standardTransforms} from "../featvis/transforms.ts";
import {liveRenderDescription} from "../featvis/atlas.ts";
import {progressWidget} from "./progress.ts";
import {checkboxInput, rangeInput, selectInput} from "./controls.ts";

/** What to render: a channel of a layer of a network that is loaded on demand. */
export interface LiveTarget {
  modelId: string;
  modelName: string;
  load(): Promise<ZooModel>;
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
  /** Called with each finished (or cancelled) render. */
  onResult?: (r: RenderResult, target: LiveTarget, settings: LiveRenderSettings) => void;
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
  root.append(steps, schedule, transforms, tv, button, status, row, summary);

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
    let param: ReturnType<typeof fourierImage> | undefined; // ours: render() disposes only the params it made
    try {
      const model = await t.load();
      const side = size ?? Math.min(128, model.inputSize[0]);
      const classic = s.recipe === "classic";
      param = classic ? undefined : fourierImage({size: side, seed: t.channel});
      const objective = s.tv > 0 ? channel(t.layer, t.channel).minus(totalVariation(s.tv)) : channel(t.layer, t.channel);
      const r = await render(model, objective, {
        size: side,
        steps: s.steps,
        schedule: s.recipe,
        param,
        transforms: classic ? [] : s.transforms ? standardTransforms() : [],
        seed: t.channel,
        signal: progress.signal,
        onProgress: (done, total, value) => progress.update(done, total, `objective ${value.toFixed(3)}`),
      });
      if (mine !== run) return;
      drawResult(canvas, r);
      const described = {modelName: t.modelName, layer: t.layer, channel: t.channel, steps: r.steps, objectiveAfter: r.objectiveAfter, cancelled: r.cancelled};
      canvas.setAttribute("aria-label", liveRenderDescription(described));
      liveCaption.textContent = `Live: ${r.steps} steps, ${s.recipe} recipe${s.tv > 0 ? `, TV ${s.tv.toFixed(2)}` : ""}.`;
      summary.textContent = `${r.cancelled ? "Cancelled after" : "Done:"} ${r.steps} steps in ${r.seconds.toFixed(1)} s; channel objective ${r.objectiveBefore.toFixed(3)} → ${r.objectiveAfter.toFixed(3)}.`;
      progress.finish(r.cancelled ? "Cancelled: the partial result is shown." : "Done.");
      root.dataset.state = r.cancelled ? "cancelled" : "done";
      onResult?.(r, t, s);
    } catch (e) {
      if (mine !== run) return;
      progress.finish(`Render failed: ${e instanceof Error ? e.message : String(e)}`);
      root.dataset.state = "error";
    } finally {
      param?.dispose();
      if (mine === run) button.disabled = false;
      if (current === progress) current = null;
    }
  });
  return root;
}
