// How big a perturbation is. Attacks are budgeted in the L∞ norm (the largest change of any
// one pixel value), counted in 8-bit pixel levels so that "ε = 1" means one step of 1/255,
// the smallest change an 8-bit image can hold. L2 is the Euclidean length of the whole
// perturbation on the [0, 1] scale (it grows with the image size; RMS does not).
import * as tf from "@tensorflow/tfjs";

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
export function perturbationNorms(original: tf.Tensor4D, adversarial: tf.Tensor4D): PerturbationNorms {
  const [linf, l2, rms] = tf.tidy(() => {
    const d = adversarial.sub(original);
    return [d.abs().max(), d.square().sum().sqrt(), d.square().mean().sqrt()];
  });
  const out = {linf: linf.dataSync()[0] * LEVELS, l2: l2.dataSync()[0], rms: rms.dataSync()[0] * LEVELS};
  tf.dispose([linf, l2, rms]);
  return out;
}

/** The perturbation magnified for display: 0.5 + gain · δ, clipped; gain defaults to filling [0, 1] with the largest |δ|. */
export function magnifiedPerturbation(original: tf.Tensor4D, adversarial: tf.Tensor4D, gain?: number): tf.Tensor4D {
  return tf.tidy(() => {
    const d = adversarial.sub(original);
    const g = gain ?? 0.5 / Math.max(d.abs().max().dataSync()[0], 1e-6);
    return d.mul(g).add(0.5).clipByValue(0, 1) as tf.Tensor4D;
  });
}

/** Keep x within ε (on the [0, 1] scale) of x0 in every value, and inside the valid image range. */
export function project(x: tf.Tensor4D, x0: tf.Tensor4D, epsilon01: number): tf.Tensor4D {
  return tf.tidy(() => tf.minimum(tf.maximum(x, x0.sub(epsilon01)), x0.add(epsilon01)).clipByValue(0, 1) as tf.Tensor4D);
}
