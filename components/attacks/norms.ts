// How big a perturbation is. Attacks are budgeted in the L∞ norm (the largest change of any
// one pixel value), counted in 8-bit pixel levels so that "ε = 1" means one step of 1/255,
// the smallest change an 8-bit image can hold. L2 is the Euclidean length of the whole
// perturbation on the [0, 1] scale (it grows with the image size; RMS does not).
import * as tf from "@tensorflow/tfjs";
import {readAndDispose, readScalar} from "../tf/read.ts";

export const LEVELS = 255;

/** Pixel levels (out of 255) -> the [0, 1] scale images use. */
export const levelsToUnit = (levels: number) => levels / LEVELS;

export interface PerturbationNorms {
  /** max |δ| in pixel levels (0-255). */
  linf: number;
  /** ‖δ‖₂ on the [0, 1] scale, over every pixel and channel. */
  l2: number;
  /** Root mean square of δ in pixel levels (size-independent). */
  rms: number;
}

/** Norms of adversarial - original; both [1, h, w, 3] in [0, 1]. */
export async function perturbationNorms(original: tf.Tensor4D, adversarial: tf.Tensor4D): Promise<PerturbationNorms> {
  // one tensor, one asynchronous read (a synchronous one destroys the device on WebGPU's software adapter)
  const [linf, l2, rms] = await readAndDispose(tf.tidy(() => {
    const d = adversarial.sub(original);
    return tf.stack([d.abs().max(), d.square().sum().sqrt(), d.square().mean().sqrt()]);
  }));
  return {linf: linf * LEVELS, l2, rms: rms * LEVELS};
}

/** The perturbation magnified for display: 0.5 + gain · δ, clipped; gain defaults to filling [0, 1] with the largest |δ|. */
export async function magnifiedPerturbation(original: tf.Tensor4D, adversarial: tf.Tensor4D, gain?: number): Promise<tf.Tensor4D> {
  const d = tf.sub(adversarial, original) as tf.Tensor4D; // taken before the read: the inputs may change while it waits
  try {
    const g = gain ?? 0.5 / Math.max(await largestMagnitude(d), 1e-6);
    return tf.tidy(() => d.mul(g).add(0.5).clipByValue(0, 1) as tf.Tensor4D);
  } finally {
    d.dispose();
  }
}

/** max |d|, read asynchronously. */
const largestMagnitude = (d: tf.Tensor): Promise<number> => readScalar(tf.tidy(() => d.abs().max()));

/** Keep x within ε (on the [0, 1] scale) of x0 in every value, and inside the valid image range. */
export function project(x: tf.Tensor4D, x0: tf.Tensor4D, epsilon01: number): tf.Tensor4D {
  return tf.tidy(() => tf.minimum(tf.maximum(x, x0.sub(epsilon01)), x0.add(epsilon01)).clipByValue(0, 1) as tf.Tensor4D);
}
