// Small image -> image functions applied before every step, so the optimisation finds
// patterns that survive being shifted, scaled and rotated (transformation robustness,
// Olah et al. 2017). Each draws its randomness from the `random` it is handed: seeded.
// All use ops whose gradients run on the wasm backend: translation by padding and slicing,
// scale by resizeBilinear (its gradient kernel exists on wasm), rotation by our own
// bilinear sampler (tf.image.transform has no gradient), blur by 1-D convolutions.
import * as tf from "@tensorflow/tfjs";
import {choice, randomInt, type Random} from "./random.ts";
import {bilinearSample, rotationGrid} from "./sampler.ts";

export type Transform = (x: tf.Tensor4D, random: Random) => tf.Tensor4D;

/** Mirror-pad by p on every side (the ops' gradient is a slice). */
function reflectPad(x: tf.Tensor4D, p: number): tf.Tensor4D {
  return p > 0 ? tf.mirrorPad(x, [[0, 0], [p, p], [p, p], [0, 0]], "reflect") : x;
}

/** Shift by up to `px` pixels in each direction; the uncovered border is mirrored. Same size. */
export function jitter(px: number): Transform {
  return (x, random) => {
    if (px <= 0) return x;
    const [b, h, w, c] = x.shape;
    const p = Math.min(px, h - 1, w - 1);
    const dy = randomInt(random, 0, 2 * p), dx = randomInt(random, 0, 2 * p);
    return tf.tidy(() => reflectPad(x, p).slice([0, dy, dx, 0], [b, h, w, c]));
  };
}

/** Rescale by a factor drawn from `scales`, then crop or mirror-pad back to the same size. */
export function randomScale(scales: readonly number[]): Transform {
  return (x, random) => {
    const s = choice(random, scales);
    if (s === 1) return x;
    const [b, h, w, c] = x.shape;
    const nh = Math.max(1, Math.round(h * s)), nw = Math.max(1, Math.round(w * s));
    return tf.tidy(() => {
      let y = tf.image.resizeBilinear(x, [nh, nw], false, true) as tf.Tensor4D;
      if (nh >= h && nw >= w) {
        return y.slice([0, Math.floor((nh - h) / 2), Math.floor((nw - w) / 2), 0], [b, h, w, c]);
      }
      const padH = Math.max(0, h - nh), padW = Math.max(0, w - nw);
      if (padH >= nh || padW >= nw) y = tf.image.resizeBilinear(x, [h, w]) as tf.Tensor4D; // too small to mirror: no-op scale
      else y = tf.mirrorPad(y, [[0, 0], [Math.floor(padH / 2), Math.ceil(padH / 2)], [Math.floor(padW / 2), Math.ceil(padW / 2)], [0, 0]], "reflect");
      return y.slice([0, Math.floor((y.shape[1] - h) / 2), Math.floor((y.shape[2] - w) / 2), 0], [b, h, w, c]);
    });
  };
}

/** Rotate about the centre by an angle (degrees) drawn from a list, or uniformly from [-d, d]. */
export function randomRotate(degrees: number | readonly number[]): Transform {
  return (x, random) => {
    const a = typeof degrees === "number" ? (2 * random() - 1) * degrees : choice(random, degrees);
    if (a === 0) return x;
    return tf.tidy(() => bilinearSample(x, rotationGrid(x.shape[1], x.shape[2], a)));
  };
}

/** A normalised 1-D Gaussian of radius ceil(3 sigma). */
export function gaussianKernel(sigma: number): number[] {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = Array.from({length: 2 * r + 1}, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const total = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / total);
}

/** Gaussian blur as two 1-D convolutions (rows, then columns) over each colour plane; edges mirrored. */
export function gaussianBlur(x: tf.Tensor4D, sigma: number): tf.Tensor4D {
  if (sigma <= 0) return x;
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const k = gaussianKernel(sigma), r = (k.length - 1) / 2;
    const rr = Math.min(r, h - 1, w - 1);
    const kk = rr === r ? k : gaussianKernel(rr / 3);
    const n = kk.length;
    // colour planes as a batch of 1-channel images, so a plain conv2d (gradient: conv2dTranspose) works
    const planes = reflectPad(x, rr).transpose([0, 3, 1, 2]).reshape([b * c, h + 2 * rr, w + 2 * rr, 1]) as tf.Tensor4D;
    const vertical = tf.tensor4d(kk, [n, 1, 1, 1]), horizontal = tf.tensor4d(kk, [1, n, 1, 1]);
    const y = tf.conv2d(tf.conv2d(planes, vertical, 1, "valid"), horizontal, 1, "valid");
    return y.reshape([b, c, h, w]).transpose([0, 2, 3, 1]) as tf.Tensor4D;
  });
}

/** Gaussian blur with a fixed sigma, as a transform. */
export function blur(sigma: number): Transform {
  return (x) => gaussianBlur(x, sigma);
}

/** Pad with a constant (mid-grey by default) so edges are not special; grows the image by 2 px. */
export function pad(px: number, value = 0.5): Transform {
  return (x) => (px > 0 ? tf.pad(x, [[0, 0], [px, px], [px, px], [0, 0]], value) : x);
}

/** Apply transforms left to right. */
export function compose(...transforms: Transform[]): Transform {
  return (x, random) => tf.tidy(() => transforms.reduce((y, t) => t(y, random), x));
}

/**
 * Lucid's standard robustness list: pad 12 grey, jitter 8, scale 0.9-1.1, rotate -10..10
 * degrees (with extra weight on 0), jitter 4.
 */
export function standardTransforms(): Transform[] {
  return [
    pad(12),
    jitter(8),
    randomScale(Array.from({length: 11}, (_, i) => 1 + (i - 5) / 50)),
    randomRotate([...Array.from({length: 21}, (_, i) => i - 10), 0, 0, 0, 0, 0]),
    jitter(4),
  ];
}
