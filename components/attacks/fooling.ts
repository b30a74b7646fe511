// Fooling images (Nguyen, Yosinski & Clune 2015, "Deep Neural Networks are Easily Fooled"):
// images people see as noise that a network labels with near certainty. Nguyen et al. found
// them mostly with evolutionary search; here they come by the gradient route the paper also
// reports: a targeted iterative attack with no ε budget, started from seeded noise and
// stopped once the target's probability reaches the confidence asked (99% by default).
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {makeRng} from "../random.ts";
import {pgd, type PgdResult} from "./pgd.ts";

export interface FoolingOptions {
  target: number;
  confidence?: number;
  /** Step size in pixel levels. */
  step?: number;
  maxIterations?: number;
  /** Spread of the starting noise around mid-grey, in pixel levels. */
  noise?: number;
  seed?: number;
  onProgress?: (iteration: number, total: number, top: {index: number; probability: number}) => void;
  signal?: AbortSignal;
}

/** Seeded uniform noise [1, h, w, 3] around mid-grey. */
export function noiseImage([h, w]: [number, number], spreadLevels: number, seed: number): tf.Tensor4D {
  const rng = makeRng(seed), s = spreadLevels / 255;
  return tf.tensor4d(Float32Array.from({length: h * w * 3}, () => Math.min(1, Math.max(0, 0.5 + rng.uniform(-s, s)))), [1, h, w, 3]);
}

/** A fooling image and how it got there; `start` is the noise it began from (both disposed by the caller). */
export async function foolingImage(model: ZooModel, options: FoolingOptions): Promise<PgdResult & {start: tf.Tensor4D}> {
  const {target, confidence = 0.99, step = 1, maxIterations = 200, noise = 64, seed = 0, onProgress, signal} = options;
  const start = noiseImage(model.inputSize, noise, seed);
  try {
    const r = await pgd(model, start, {epsilon: 255, step, iterations: maxIterations, target, stopEarly: true, confidence, onProgress, signal});
    return {...r, start};
  } catch (e) {
    start.dispose();
    throw e;
  }
}
