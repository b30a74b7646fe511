// The one loop of this chapter: gradient descent on the pixels of an image to minimise a loss
// built from a network's features (feature inversion, texture synthesis, style transfer all
// differ only in the loss and the starting image). The same shape as featvis/render.ts, and
// the same parts: pixelImage (a sigmoid keeps pixels in [0, 1]), optional robustness
// transforms, Adam, AbortSignal cancel, a yield to the event loop between steps.
import * as tf from "@tensorflow/tfjs";
import {readScalar} from "../tf/read.ts";
import type {ZooModel} from "../zoo/types.ts";
import type {Activations} from "../featvis/objectives.ts";
import {pixelImage, type ImageParam, type Size} from "../featvis/param.ts";
import {compose, type Transform} from "../featvis/transforms.ts";
import {seededRandom} from "../featvis/random.ts";
import {toRGBA, type RGBAImage} from "../featvis/render.ts";
import {registerWasmBackpropKernels} from "../tf/wasm-gradients.ts";
import type {Loss} from "./losses.ts";

export interface OptimizeOptions {
  /** Starting image [1, h, w, 3] in [0, 1] (kept by the caller), or seeded noise of `size`. */
  init?: tf.Tensor4D | "noise";
  /** Image size for a noise start. Default: the model's input size. */
  size?: Size;
  steps?: number;
  /** Adam's step size on the sigmoid's logits. */
  lr?: number;
  seed?: number;
  /** Spread of the noise start (logit space: 0.5 gives pixels roughly in 0.4-0.6). */
  noiseSd?: number;
  /** Applied to the image before the network sees it, each step (featvis transforms). */
  transforms?: Transform[];
  onProgress?: (step: number, total: number, loss: number) => void;
  signal?: AbortSignal;
  /** How often (in steps) to hand the event loop back; 1 in pages, more in Node for speed. */
  yieldEvery?: number;
}

export interface OptimizeResult {
  image: RGBAImage;
  /** Loss of the starting image and of the final one. */
  firstLoss: number;
  lastLoss: number;
  /** Loss before each step (losses[0] === firstLoss). */
  losses: number[];
  steps: number;
  seconds: number;
  cancelled: boolean;
}

const INPUT = "input";

/** The loss of the image the parameterization holds, given the network's activations. */
function lossOf(model: ZooModel, loss: Loss, seen: tf.Tensor4D, shown: tf.Tensor4D): tf.Scalar {
  const names = loss.layers.filter((l) => l !== INPUT), acts: Activations = new Map();
  if (names.length) model.activations(seen, names).forEach((a, i) => acts.set(names[i], a));
  acts.set(INPUT, shown);
  return loss.value(acts);
}

function checkLayers(model: ZooModel, loss: Loss): void {
  const known = new Set(model.layers.map((l) => l.name));
  for (const l of loss.layers) if (l !== INPUT && !known.has(l)) throw new Error(`unknown layer "${l}" for ${model.id}; layers: ${[...known].join(", ")}`);
}

/** Minimise `loss` over images; the result holds the final image as 8-bit RGBA. */
export async function optimizeImage(model: ZooModel, loss: Loss, options: OptimizeOptions = {}): Promise<OptimizeResult> {
  checkLayers(model, loss);
  if (tf.getBackend() === "wasm") registerWasmBackpropKernels();
  const {init = "noise", steps = 200, lr = 0.05, seed = 0, noiseSd = 0.5, onProgress, signal, yieldEvery = 1} = options;
  const start = performance.now();
  const random = seededRandom(seed);
  const transform = compose(...(options.transforms ?? []));
  const param: ImageParam = init === "noise" ? pixelImage({size: options.size ?? model.inputSize, seed, sd: noiseSd}) : pixelImage({size: [init.shape[1], init.shape[2]], init});
  const optimizer = tf.train.adam(lr);
  // read asynchronously: a synchronous read destroys the device on WebGPU's software adapter
  const evaluate = () => readScalar(tf.tidy(() => {
    const img = param.image();
    return lossOf(model, loss, img, img);
  }));
  const losses: number[] = [];
  let done = 0, cancelled = false;
  try {
    for (let i = 0; i < steps; i++) {
      if (i % yieldEvery === 0) await tf.nextFrame();
      if (signal?.aborted) { cancelled = true; break; }
      const value = optimizer.minimize(() => tf.tidy(() => {
        const img = param.image();
        return lossOf(model, loss, transform(img, random), img);
      }), true, param.variables);
      const v = value ? await readScalar(value) : NaN;
      if (!Number.isFinite(v)) throw new Error(`the loss became ${v} at step ${i + 1}; lower the learning rate`);
      losses.push(v);
      done++;
      onProgress?.(done, steps, v);
    }
    const lastLoss = await evaluate();
    const firstLoss = losses.length ? losses[0] : lastLoss;
    const final = param.image();
    const image = await toRGBA(final);
    final.dispose();
    return {image, firstLoss, lastLoss, losses, steps: done, seconds: (performance.now() - start) / 1000, cancelled};
  } finally {
    optimizer.dispose();
    param.dispose();
  }
}
