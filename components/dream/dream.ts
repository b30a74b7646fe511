// DeepDream (Mordvintsev, Olah & Tyka 2015, "Inceptionism: Going Deeper into Neural
// Networks", and their deepdream notebook): start from the reader's photo and climb the
// activations a layer already has on it (the mean square of the layer, whose gradient is the
// activations themselves) or one channel of it, so whatever the layer half-sees gets drawn in.
// The notebook's recipe: octaves (the photo at sizes growing by a fixed scale, each octave
// starting from the photo at that size plus the detail added so far), a gradient normalized
// by its mean magnitude at every step, and a random shift (jitter) before each step. It runs
// on the feature-visualization render loop (components/featvis/render.ts, classic schedule,
// image-initialized, normalized ascent).
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {channel, deepdream, type Objective} from "../featvis/objectives.ts";
import {evaluateObjective, fromRGBA, render, type RGBAImage} from "../featvis/render.ts";
import {jitter} from "../featvis/transforms.ts";

export interface DreamOptions {
  layer: string;
  /** Maximize one channel of the layer instead of the whole layer. */
  channel?: number;
  octaves?: number;
  /** Size ratio between consecutive octaves. */
  octaveScale?: number;
  stepsPerOctave?: number;
  /** Step length of the normalized gradient (in the pixel parameterization's logit units). */
  stepSize?: number;
  /** Random shift (px) before each step. */
  jitter?: number;
  seed?: number;
  onProgress?: (step: number, total: number, value: number) => void;
  /** Called with the image after each octave finishes (the first is the smallest). */
  onOctave?: (octave: number, octaves: number, image: RGBAImage) => void;
  signal?: AbortSignal;
}

export const DREAM_DEFAULTS = {octaves: 4, octaveScale: 1.4, stepsPerOctave: 10, stepSize: 0.05, jitter: 8, seed: 0} as const;

export interface DreamResult {
  image: RGBAImage;
  objective: string;
  /** The objective on the original photo and on the dream, both at full size. */
  objectiveBefore: number;
  objectiveAfter: number;
  octaves: number;
  sizes: Array<[number, number]>;
  steps: number;
  seconds: number;
  cancelled: boolean;
}

/** Octave sizes, smallest first, ending at [h, w]; each side at least `min` px. */
export function dreamOctaveSizes([h, w]: [number, number], octaves: number, scale: number, min = 16): Array<[number, number]> {
  const sizes: Array<[number, number]> = [];
  for (let i = octaves - 1; i >= 0; i--) {
    const f = scale ** i, size: [number, number] = [Math.round(h / f), Math.round(w / f)];
    if (Math.min(...size) < min) continue;
    if (!sizes.length || sizes[sizes.length - 1][0] !== size[0] || sizes[sizes.length - 1][1] !== size[1]) sizes.push(size);
  }
  return sizes.length ? sizes : [[h, w]];
}

export function dreamObjective(model: ZooModel, layer: string, k?: number): Objective {
  const info = model.layers.find((l) => l.name === layer);
  if (!info) throw new Error(`unknown layer "${layer}" for ${model.id}; layers: ${model.layers.map((l) => l.name).join(", ")}`);
  if (info.shape.length !== 3) throw new Error(`layer "${layer}" of ${model.id} is not a feature map (shape ${info.shape.join("x")}); pick a convolutional layer`);
  if (k === undefined) return deepdream(layer);
  const c = info.shape[2];
  if (!Number.isInteger(k) || k < 0 || k >= c) throw new Error(`channel ${k} out of range: ${layer} has ${c} channels (0-${c - 1})`);
  return channel(layer, k);
}

/** Dream on `image` ([1, h, w, 3] in [0, 1]; not disposed). The output has the image's size. */
export async function dream(model: ZooModel, image: tf.Tensor4D, options: DreamOptions): Promise<DreamResult> {
  const o = {...DREAM_DEFAULTS, ...options};
  if (!Number.isInteger(o.octaves) || o.octaves < 1) throw new Error(`octaves must be an integer >= 1, got ${o.octaves}`);
  if (!(o.octaveScale > 1)) throw new Error(`octave scale must be > 1, got ${o.octaveScale}`);
  const objective = dreamObjective(model, o.layer, o.channel);
  const [, h, w] = image.shape;
  const sizes = dreamOctaveSizes([h, w], o.octaves, o.octaveScale);
  const objectiveBefore = await evaluateObjective(model, objective, image);
  const r = await render(model, objective, {
    schedule: "classic", size: [h, w], steps: o.stepsPerOctave * sizes.length, learningRate: o.stepSize, seed: o.seed,
    ascent: "normalized", redirectSteps: 0, transforms: o.jitter > 0 ? [jitter(o.jitter)] : [],
    classic: {init: image, sizes, blurSigma: 0, decay: 0},
    onProgress: o.onProgress, onStage: o.onOctave, signal: o.signal,
  });
  const out = fromRGBA(r.image);
  const objectiveAfter = r.image.width === w && r.image.height === h ? await evaluateObjective(model, objective, out) : NaN;
  out.dispose();
  return {image: r.image, objective: objective.description, objectiveBefore, objectiveAfter, octaves: sizes.length, sizes, steps: r.steps, seconds: r.seconds, cancelled: r.cancelled};
}
