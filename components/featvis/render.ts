// The one loop: take an objective, a parameterization and a list of transforms, and do
// gradient ascent on the image (Lucid's render_vis). Two schedules:
//  - "modern": Fourier, decorrelated colour, transformation robustness, Adam (Olah et al. 2017);
//  - "classic": a small random pixel image, gradient ascent, a Gaussian blur between steps and
//    repeated upscaling to full size (Erhan et al. 2009; Simonyan et al. 2014; Yosinski et al.
//    2015's blur regulariser; the octaves of Mordvintsev et al.'s DeepDream).
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import type {Activations, Objective} from "./objectives.ts";
import {fourierImage, pixelImage, hw, type ImageParam, type Size} from "./param.ts";
import {compose, gaussianBlur, standardTransforms, type Transform} from "./transforms.ts";
import {seededRandom} from "./random.ts";
import {redirectReluGradients} from "./redirected-relu.ts";
import {registerWasmBackpropKernels} from "../tf/wasm-gradients.ts";

export interface RenderOptions {
  /** What to optimise (modern schedule). Default: fourierImage at `size`, decorrelated. */
  param?: ImageParam;
  /** Image size when `param` is not given. Default: the model's input size. */
  size?: Size;
  /** Applied before each step. Default: standardTransforms() (modern) or none (classic). */
  transforms?: Transform[];
  steps?: number;
  learningRate?: number;
  schedule?: "modern" | "classic";
  seed?: number;
  /** Use the redirected ReLU/ReLU6 gradient for this many first steps (0: never). */
  redirectSteps?: number;
  /** Classic schedule: start size, upscale factor, blur sigma (px) and how often to blur. */
  classic?: {startSize?: number; upscale?: number; blurSigma?: number; blurEvery?: number};
  onProgress?: (step: number, total: number, objectiveValue: number) => void;
  signal?: AbortSignal;
}

export interface RGBAImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface RenderResult {
  image: RGBAImage;
  objectiveBefore: number;
  objectiveAfter: number;
  /** Steps actually taken (fewer than asked when cancelled). */
  steps: number;
  seconds: number;
  cancelled: boolean;
}

const SPECIAL = new Set(["input", "logits"]);

/**
 * Feeds images to the model: at their own size where the model accepts it (fully
 * convolutional nets), otherwise resized to the model's input size.
 */
class Feeder {
  private mustResize = new Map<string, boolean>();
  constructor(private model: ZooModel, readonly objective: Objective) {}

  /** The objective for the model seeing `seen`, with `shown` (the untransformed image) as "input". Call inside a tidy. */
  value(seen: tf.Tensor4D, shown: tf.Tensor4D): tf.Scalar {
    const acts = this.run(this.fit(seen));
    acts.set("input", shown);
    return this.objective.value(acts);
  }

  /** The objective's value for the parameterization's image as it is (no transforms). */
  evaluate(param: ImageParam): number {
    const v = tf.tidy(() => {
      const img = param.image();
      return this.value(img, img);
    });
    const out = v.dataSync()[0];
    v.dispose();
    return out;
  }

  private fit(x: tf.Tensor4D): tf.Tensor4D {
    const [h, w] = this.model.inputSize;
    if (x.shape[1] === h && x.shape[2] === w) return x;
    const key = `${x.shape[1]}x${x.shape[2]}`;
    let resize = this.mustResize.get(key);
    if (resize === undefined) {
      try {
        tf.tidy(() => { this.run(x); }); // does the model take this size as it is?
        resize = false;
      } catch {
        resize = true;
      }
      this.mustResize.set(key, resize);
    }
    return resize ? (tf.image.resizeBilinear(x, [h, w], false, true) as tf.Tensor4D) : x;
  }

  private run(x: tf.Tensor4D): Activations {
    const names = this.objective.layers.filter((l) => !SPECIAL.has(l)), acts: Activations = new Map();
    if (names.length) this.model.activations(x, names).forEach((a, i) => acts.set(names[i], a));
    if (this.objective.layers.includes("logits")) acts.set("logits", this.model.logits(x));
    return acts;
  }
}

function checkLayers(model: ZooModel, objective: Objective): void {
  const known = new Set(model.layers.map((l) => l.name));
  for (const l of objective.layers) {
    if (!SPECIAL.has(l) && !known.has(l)) throw new Error(`unknown layer "${l}" for ${model.id}; layers: ${[...known].join(", ")}`);
  }
}

/** Sizes from `from` to `to`, each about `factor` times the last, ending exactly at `to`. */
export function octaveSizes(from: number, to: number, factor: number): number[] {
  const sizes: number[] = [];
  for (let s = Math.min(from, to); s < to; s = Math.max(s + 1, Math.round(s * factor))) sizes.push(s);
  sizes.push(to);
  return sizes;
}

/** A pixel parameterization at a new size, starting from the (upsampled) current image. */
function grow(param: ImageParam, size: [number, number]): ImageParam {
  const img = param.image();
  const up = tf.image.resizeBilinear(img, size, false, true) as tf.Tensor4D;
  const next = pixelImage({size, init: up});
  img.dispose();
  up.dispose();
  return next;
}

/** Blur the image and write it back into a pixel parameterization (the classic regulariser). */
function blurInPlace(param: ImageParam, sigma: number): void {
  tf.tidy(() => {
    const blurred = gaussianBlur(param.image(), sigma).clipByValue(1e-3, 1 - 1e-3);
    param.variables[0].assign(blurred.div(tf.sub(1, blurred)).log());
  });
}

/** Image [1, h, w, 3] in [0, 1] -> 8-bit RGBA. */
export async function toRGBA(img: tf.Tensor4D): Promise<RGBAImage> {
  const [, height, width] = img.shape;
  const first = img.slice([0, 0, 0, 0], [1, height, width, 3]);
  const rgb = await first.data();
  first.dispose();
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let ch = 0; ch < 3; ch++) data[4 * p + ch] = Math.round(rgb[3 * p + ch] * 255);
    data[4 * p + 3] = 255;
  }
  return {width, height, data};
}

const yieldToEventLoop = () => tf.nextFrame();

/** Maximise `objective` over images; see RenderOptions for the knobs. */
export async function render(model: ZooModel, objective: Objective, options: RenderOptions = {}): Promise<RenderResult> {
  checkLayers(model, objective);
  if (tf.getBackend() === "wasm") registerWasmBackpropKernels();
  const {steps = 128, learningRate = 0.05, schedule = "modern", seed = 0, redirectSteps = 16, onProgress, signal} = options;
  const start = performance.now();
  const random = seededRandom(seed);
  const feeder = new Feeder(model, objective);
  const [H, W] = hw(options.size ?? model.inputSize);

  // one octave per stage: modern has a single stage; classic grows the image between stages
  const classic = schedule === "classic";
  const {startSize = Math.max(16, Math.round(Math.min(H, W) / 4)), upscale = 1.3, blurSigma = 0.5, blurEvery = 4} = options.classic ?? {};
  const sizes = classic ? octaveSizes(startSize, Math.min(H, W), upscale).map((s) => [Math.round((s * H) / Math.min(H, W)), Math.round((s * W) / Math.min(H, W))] as [number, number]) : [[H, W] as [number, number]];
  const stepsPer = sizes.map((_, i) => Math.floor(steps / sizes.length) + (i < steps % sizes.length ? 1 : 0));
  const transform = compose(...(options.transforms ?? (classic ? [] : standardTransforms())));

  let param: ImageParam = options.param ?? (classic ? pixelImage({size: sizes[0], seed, sd: 0.5}) : fourierImage({size: [H, W], seed}));
  let restoreRelu: (() => void) | null = redirectSteps > 0 ? redirectReluGradients() : null;
  let optimizer: tf.Optimizer | null = null;
  let done = 0, cancelled = false, objectiveBefore = NaN;
  try {
    objectiveBefore = feeder.evaluate(param);
    for (let stage = 0; stage < sizes.length && !cancelled; stage++) {
      if (stage > 0) {
        const previous = param;
        param = grow(previous, sizes[stage]);
        if (previous !== options.param) previous.dispose();
      }
      optimizer = tf.train.adam(learningRate);
      for (let i = 0; i < stepsPer[stage]; i++) {
        await yieldToEventLoop();
        if (signal?.aborted) { cancelled = true; break; }
        if (restoreRelu && done >= redirectSteps) { restoreRelu(); restoreRelu = null; }
        const current = param;
        const loss = optimizer.minimize(() => tf.tidy(() => {
          const img = current.image();
          return feeder.value(transform(img, random), img).neg() as tf.Scalar;
        }), true, current.variables);
        const value = loss ? -(await loss.data())[0] : NaN;
        loss?.dispose();
        done++;
        if (classic && blurSigma > 0 && done % blurEvery === 0) blurInPlace(param, blurSigma);
        onProgress?.(done, steps, value);
      }
      optimizer.dispose();
      optimizer = null;
    }
    restoreRelu?.();
    restoreRelu = null;
    const objectiveAfter = feeder.evaluate(param);
    const final = param.image();
    const image = await toRGBA(final);
    final.dispose();
    return {image, objectiveBefore, objectiveAfter, steps: done, seconds: (performance.now() - start) / 1000, cancelled};
  } finally {
    restoreRelu?.();
    optimizer?.dispose();
    if (param !== options.param) param.dispose();
  }
}
