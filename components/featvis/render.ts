// The one loop: take an objective, a parameterization and a list of transforms, and do
// gradient ascent on the image (Lucid's render_vis). Two schedules:
//  - "modern": Fourier, decorrelated colour, transformation robustness, Adam (Olah et al. 2017);
//  - "classic": a small random pixel image, gradient ascent, a Gaussian blur between steps and
//    repeated upscaling to full size (Erhan et al. 2009; Simonyan et al. 2014; Yosinski et al.
//    2015's blur regulariser; the octaves of Mordvintsev et al.'s DeepDream).
import * as tf from "@tensorflow/tfjs";
import {readScalar} from "../tf/read.ts";
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
  /** Classic schedule: start size, upscale factor, blur sigma (px) and how often to blur; see ClassicOptions. */
  classic?: ClassicOptions;
  /**
   * The update rule: "adam" (default), or "normalized" gradient ascent, v += lr · g / mean|g|
   * (DeepDream's step: the same step length whatever the layer's gradient scale).
   */
  ascent?: "adam" | "normalized";
  onProgress?: (step: number, total: number, objectiveValue: number) => void;
  /** Classic schedule: called when an octave (stage) finishes, with the image so far. */
  onStage?: (stage: number, stages: number, image: RGBAImage) => void;
  signal?: AbortSignal;
}

export interface ClassicOptions {
  startSize?: number;
  upscale?: number;
  /** Explicit octave sizes [h, w], smallest first (overrides startSize/upscale); the last is the output size. */
  sizes?: Array<[number, number]>;
  blurSigma?: number;
  blurEvery?: number;
  /**
   * L2 decay (Yosinski et al. 2015): after every step the image moves towards mid-grey,
   * x - 0.5 <- (1 - decay) (x - 0.5), so pixels the objective does not need fade out.
   */
  decay?: number;
  /**
   * Start from this image ([1, h, w, 3] in [0, 1]) instead of noise: DeepDream. Each octave
   * starts from the image at that size plus the detail the earlier octaves added (upsampled),
   * as in Mordvintsev et al.'s deepdream notebook, so the photo stays sharp at full size.
   * Not disposed by render().
   */
  init?: tf.Tensor4D;
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
  evaluate(param: ImageParam): Promise<number> {
    return readScalar(tf.tidy(() => {
      const img = param.image();
      return this.value(img, img);
    }));
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
    return activationsFor(this.model, this.objective.layers, x);
  }
}

/** The activations `layers` names (layer names, "logits"; "input" is left to the caller) for images x. Call inside a tidy. */
export function activationsFor(model: ZooModel, layers: string[], x: tf.Tensor4D): Activations {
  const names = layers.filter((l) => !SPECIAL.has(l)), acts: Activations = new Map();
  if (names.length) model.activations(x, names).forEach((a, i) => acts.set(names[i], a));
  if (layers.includes("logits")) acts.set("logits", model.logits(x));
  return acts;
}

/** The objective's value on an image [1, h, w, 3] in [0, 1] (resized to the input size where the model needs it). */
export function evaluateObjective(model: ZooModel, objective: Objective, x: tf.Tensor4D): Promise<number> {
  checkLayers(model, objective);
  const feeder = new Feeder(model, objective);
  return readScalar(tf.tidy(() => feeder.value(x, x)));
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
  const up = tf.tidy(() => tf.image.resizeBilinear(param.image(), size, false, true) as tf.Tensor4D);
  const next = pixelImage({size, init: up});
  up.dispose();
  return next;
}

/** `base` at `size` (the octave's own copy of the starting image). */
function baseAt(base: tf.Tensor4D, size: [number, number]): tf.Tensor4D {
  return tf.image.resizeBilinear(base, size, false, true) as tf.Tensor4D;
}

/** DeepDream's octave step: the base image at the new size plus the detail added so far, upsampled. */
function growWithDetail(param: ImageParam, base: tf.Tensor4D, from: [number, number], size: [number, number]): ImageParam {
  const start = tf.tidy(() => {
    const detail = param.image().sub(baseAt(base, from));
    return baseAt(base, size).add(tf.image.resizeBilinear(detail as tf.Tensor4D, size, false, true)).clipByValue(0, 1) as tf.Tensor4D;
  });
  const next = pixelImage({size, init: start});
  start.dispose();
  return next;
}

/** Blur the image and write it back into a pixel parameterization (the classic regulariser). */
function blurInPlace(param: ImageParam, sigma: number): void {
  tf.tidy(() => {
    const blurred = gaussianBlur(param.image(), sigma).clipByValue(1e-3, 1 - 1e-3);
    param.variables[0].assign(blurred.div(tf.sub(1, blurred)).log());
  });
}

/** Pull a pixel parameterization's image towards mid-grey (Yosinski et al.'s L2 decay). */
function decayInPlace(param: ImageParam, decay: number): void {
  tf.tidy(() => {
    const x = param.image().sub(0.5).mul(1 - decay).add(0.5).clipByValue(1e-3, 1 - 1e-3);
    param.variables[0].assign(x.div(tf.sub(1, x)).log());
  });
}

/** One normalized-gradient ascent step on every variable; returns the objective before the step. */
function normalizedStep(variables: tf.Variable[], f: () => tf.Scalar, learningRate: number): tf.Scalar {
  const {value, grads} = tf.variableGrads(f, variables);
  tf.tidy(() => {
    for (const v of variables) {
      const g = grads[v.name];
      if (g) v.assign(v.add(g.mul(learningRate).div(g.abs().mean().add(1e-8))));
    }
  });
  tf.dispose(grads);
  return value;
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

/** 8-bit RGBA -> [1, h, w, 3] in [0, 1] (e.g. to classify a render as a reader would download it). */
export function fromRGBA({width, height, data}: RGBAImage): tf.Tensor4D {
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) for (let c = 0; c < 3; c++) rgb[3 * p + c] = data[4 * p + c] / 255;
  return tf.tensor4d(rgb, [1, height, width, 3]);
}

const yieldToEventLoop = () => tf.nextFrame();

/** Maximise `objective` over images; see RenderOptions for the knobs. */
export async function render(model: ZooModel, objective: Objective, options: RenderOptions = {}): Promise<RenderResult> {
  checkLayers(model, objective);
  if (tf.getBackend() === "wasm") registerWasmBackpropKernels();
  const {steps = 128, learningRate = 0.05, schedule = "modern", seed = 0, redirectSteps = 16, ascent = "adam", onProgress, onStage, signal} = options;
  const start = performance.now();
  const random = seededRandom(seed);
  const feeder = new Feeder(model, objective);
  const [H, W] = hw(options.size ?? model.inputSize);

  // one octave per stage: modern has a single stage; classic grows the image between stages
  const classic = schedule === "classic";
  const {startSize = Math.max(16, Math.round(Math.min(H, W) / 4)), upscale = 1.3, blurSigma = 0.5, blurEvery = 4, decay = 0, init} = options.classic ?? {};
  const sizes = !classic ? [[H, W] as [number, number]] : options.classic?.sizes?.length ? options.classic.sizes : octaveSizes(startSize, Math.min(H, W), upscale).map((s) => [Math.round((s * H) / Math.min(H, W)), Math.round((s * W) / Math.min(H, W))] as [number, number]);
  const stepsPer = sizes.map((_, i) => Math.floor(steps / sizes.length) + (i < steps % sizes.length ? 1 : 0));
  const transform = compose(...(options.transforms ?? (classic ? [] : standardTransforms())));

  const firstImage = (): ImageParam => {
    if (!init) return pixelImage({size: sizes[0], seed, sd: 0.5});
    const start = tf.tidy(() => baseAt(init, sizes[0]));
    const p = pixelImage({size: sizes[0], init: start});
    start.dispose();
    return p;
  };
  let param: ImageParam = options.param ?? (classic ? firstImage() : fourierImage({size: [H, W], seed}));
  let restoreRelu: (() => void) | null = redirectSteps > 0 ? redirectReluGradients() : null;
  let optimizer: tf.Optimizer | null = null;
  let done = 0, cancelled = false, objectiveBefore = NaN;
  try {
    objectiveBefore = await feeder.evaluate(param);
    for (let stage = 0; stage < sizes.length && !cancelled; stage++) {
      if (stage > 0) {
        const previous = param;
        param = init ? growWithDetail(previous, init, sizes[stage - 1], sizes[stage]) : grow(previous, sizes[stage]);
        if (previous !== options.param) previous.dispose();
      }
      if (ascent === "adam") optimizer = tf.train.adam(learningRate);
      for (let i = 0; i < stepsPer[stage]; i++) {
        await yieldToEventLoop();
        if (signal?.aborted) { cancelled = true; break; }
        if (restoreRelu && done >= redirectSteps) { restoreRelu(); restoreRelu = null; }
        const current = param;
        const objectiveOf = () => tf.tidy(() => {
          const img = current.image();
          return feeder.value(transform(img, random), img);
        });
        let value: number;
        if (optimizer) {
          const loss = optimizer.minimize(() => objectiveOf().neg() as tf.Scalar, true, current.variables);
          value = loss ? -(await loss.data())[0] : NaN;
          loss?.dispose();
        } else {
          const before = normalizedStep(current.variables, objectiveOf, learningRate);
          value = (await before.data())[0];
          before.dispose();
        }
        done++;
        if (classic && decay > 0) decayInPlace(param, decay);
        if (classic && blurSigma > 0 && done % blurEvery === 0) blurInPlace(param, blurSigma);
        onProgress?.(done, steps, value);
      }
      optimizer?.dispose();
      optimizer = null;
      if (onStage && !cancelled) {
        const img = param.image();
        const rgba = await toRGBA(img);
        img.dispose();
        onStage(stage, sizes.length, rgba);
      }
    }
    restoreRelu?.();
    restoreRelu = null;
    const objectiveAfter = await feeder.evaluate(param);
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
