// "Render live": activation maximisation of one channel in the page, with the knobs that
// matter (steps, recipe, parameterization, robustness transforms, total-variation penalty),
// a progress bar with Cancel, and the result drawn next to the objective it reached.
import type {ZooModel} from "../zoo/types.ts";
import {channel, totalVariation} from "../featvis/objectives.ts";
import {fourierImage} from "../featvis/param.ts";
import {render, type RenderResult} from "../featvis/render.ts";
import {standardTransforms} from "../featvis/transforms.ts";
import {progressWidget} from "./progress.ts";
import {checkboxInput, rangeInput, selectInput} from "./controls.ts";

export interface LiveRenderOptions {
  model: ZooModel;
  layer: string;
  channel: number;
  /** Render size in px (default: the model's input size, at most 128). */
  size?: number;
  /** Called with each finished render (tests and embeds listen to it). */
  onResult?: (r: RenderResult) => void;
}

function drawResult(canvas: HTMLCanvasElement, r: RenderResult): void {
  const {width, height, data} = r.image;
  canvas.hidden = false;
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(data), width, height), 0, 0);
}

export function liveRender({model, layer, channel: k, size, onResult}: LiveRenderOptions): HTMLElement & {abort(): void} {
  const side = size ?? Math.min(128, model.inputSize[0]);
  const root = document.createElement("div") as unknown as HTMLElement & {abort(): void};
  root.className = "cnn-live-render";
  const steps = rangeInput({label: "Steps", min: 16, max: 512, step: 16, value: 128});
  const schedule = selectInput({label: "Recipe", value: "modern", options: [
    {value: "modern", text: "modern: Fourier, decorrelated colour, transforms"},
    {value: "classic", text: "classic: pixels, blur, upscale"},
  ]});
  const transforms = checkboxInput({label: "Jitter, scale, rotate (modern)", value: true});
  const tv = rangeInput({label: "Total variation penalty", min: 0, max: 1, step: 0.05, value: 0, format: (v) => v.toFixed(2)});
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = `Render ${layer} channel ${k} live`;
  const status = document.createElement("div");
  const canvas = document.createElement("canvas");
  canvas.className = "cnn-render";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", "No live render yet");
  canvas.hidden = true; // until there is something to show
  const summary = document.createElement("p");
  summary.setAttribute("aria-live", "polite");
  root.append(steps, schedule, transforms, tv, button, status, canvas, summary);

  let current: ReturnType<typeof progressWidget> | null = null;
  root.abort = () => current?.signal && !current.signal.aborted && (current.element.querySelector("button") as HTMLButtonElement | null)?.click();

  button.addEventListener("click", async () => {
    button.disabled = true;
    const progress = progressWidget(`Rendering ${layer}:${k}`);
    current = progress;
    status.replaceChildren(progress.element);
    const classic = schedule.value === "classic";
    const objective = tv.value > 0 ? channel(layer, k).minus(totalVariation(tv.value)) : channel(layer, k);
    try {
      const r = await render(model, objective, {
        size: side,
        steps: steps.value,
        schedule: schedule.value,
        param: classic ? undefined : fourierImage({size: side, seed: k}),
        transforms: classic ? [] : transforms.value ? standardTransforms() : [],
        seed: k,
        signal: progress.signal,
        onProgress: (done, total, value) => progress.update(done, total, `objective ${value.toFixed(3)}`),
      });
      drawResult(canvas, r);
      canvas.setAttribute("aria-label", `Live render of ${model.name} ${layer} channel ${k}: mean activation ${r.objectiveAfter.toFixed(3)}`);
      summary.textContent = `${r.cancelled ? "Cancelled after" : "Done:"} ${r.steps} steps in ${r.seconds.toFixed(1)} s; channel objective ${r.objectiveBefore.toFixed(3)} → ${r.objectiveAfter.toFixed(3)}.`;
      progress.finish(r.cancelled ? "Cancelled: the partial result is shown." : "Done.");
      root.dataset.state = r.cancelled ? "cancelled" : "done";
      onResult?.(r);
    } catch (e) {
      progress.finish(`Render failed: ${e instanceof Error ? e.message : String(e)}`);
      root.dataset.state = "error";
    } finally {
      button.disabled = false;
      current = null;
    }
  });
  return root;
}
