// One "Render live" job, described by plain data (so it can cross to a Web Worker) and run the
// same way wherever it runs: the page's figure (components/ui/live-render.ts) on the main
// thread, and the render worker (components/featvis/render-protocol.ts). Same spec, same
// backend, same seeded pixels.
import type {ZooModel} from "../zoo/types.ts";
import {channel, totalVariation} from "./objectives.ts";
import {fourierImage} from "./param.ts";
import {render, type RenderResult} from "./render.ts";
import {standardTransforms} from "./transforms.ts";

export interface LiveRenderSpec {
  layer: string;
  channel: number;
  steps: number;
  recipe: "modern" | "classic";
  transforms: boolean;
  /** Total-variation penalty weight (0: none). */
  tv: number;
  /** Render size in px (default: the model's input size, at most 128). */
  size?: number;
}

export interface LiveJobHooks {
  signal?: AbortSignal;
  onProgress?: (step: number, steps: number, objective: number) => void;
}

/** Activation maximisation of spec.channel, seeded by the channel index (as the precomputed renders are). */
export async function runLiveRender(model: ZooModel, spec: LiveRenderSpec, {signal, onProgress}: LiveJobHooks = {}): Promise<RenderResult> {
  const side = spec.size ?? Math.min(128, model.inputSize[0]);
  const classic = spec.recipe === "classic";
  const param = classic ? undefined : fourierImage({size: side, seed: spec.channel}); // ours: render() disposes only the params it made
  try {
    const objective = spec.tv > 0 ? channel(spec.layer, spec.channel).minus(totalVariation(spec.tv)) : channel(spec.layer, spec.channel);
    return await render(model, objective, {
      size: side,
      steps: spec.steps,
      schedule: spec.recipe,
      param,
      transforms: classic ? [] : spec.transforms ? standardTransforms() : [],
      seed: spec.channel,
      signal,
      onProgress,
    });
  } finally {
    param?.dispose();
  }
}
