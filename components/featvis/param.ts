// Parameterizations: the trainable tensors and the function that turns them into an image
// in [0, 1]. Which space we descend in changes what gradient ascent finds as much as the
// objective does (Olah, Mordvintsev & Schubert 2017, "Feature Visualization", Distill).
import * as tf from "@tensorflow/tfjs";
import {tfSeed} from "../random.ts";

export interface ImageParam {
  variables: tf.Variable[];
  /** The current image, NHWC RGB in [0, 1]; a new tensor each call (the caller disposes it). */
  image(): tf.Tensor4D;
  dispose(): void;
}

export type Size = number | [number, number];
export const hw = (s: Size): [number, number] => (typeof s === "number" ? [s, s] : s);

let counter = 0;
const unique = (kind: string) => `featvis-${kind}-${counter++}`;

/** Inverse of the sigmoid, clamped so that pure black or white stays finite. */
function logit(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const p = x.clipByValue(1e-3, 1 - 1e-3);
    return p.div(tf.sub(1, p)).log();
  });
}

/**
 * Pixels through a sigmoid: the image is sigmoid(v) for a seeded normal v of spread `sd`,
 * or, given `init`, starts at that image (the classic schedule upsamples into a new one).
 */
export function pixelImage({size, seed = 0, sd = 0.5, batch = 1, init}: {size: Size; seed?: number; sd?: number; batch?: number; init?: tf.Tensor4D}): ImageParam {
  const [h, w] = hw(size);
  const start = tf.tidy(() => (init ? logit(init) : tf.randomNormal([batch, h, w, 3], 0, sd, "float32", tfSeed(seed))));
  const v = tf.variable(start, true, unique("pixels"));
  start.dispose();
  return {
    variables: [v],
    image: () => tf.tidy(() => tf.sigmoid(v) as tf.Tensor4D),
    dispose: () => v.dispose(),
  };
}

/**
 * Square root of ImageNet's RGB colour covariance, as used by Lucid (Olah et al. 2017): the
 * network sees decorrelated colours, so each parameter moves one independent colour axis.
 * Rows are R, G, B; columns the principal colour directions.
 */
export const IMAGENET_COLOR_SQRT = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
];

/** Column-normalised so the largest direction has unit norm (Lucid's convention). */
function colorMatrix(): tf.Tensor2D {
  const norms = [0, 1, 2].map((j) => Math.hypot(...IMAGENET_COLOR_SQRT.map((r) => r[j])));
  const max = Math.max(...norms);
  // x_rgb = M · x_decorrelated, applied to row vectors as x · Mᵀ
  const mt = [0, 1, 2].map((j) => IMAGENET_COLOR_SQRT.map((r) => r[j] / max));
  return tf.tensor2d(mt);
}

/** Frequencies (cycles per pixel) of numpy's fftfreq(n) and rfftfreq(n). */
function fftfreq(n: number): number[] {
  return Array.from({length: n}, (_, i) => (i < Math.ceil(n / 2) ? i : i - n) / n);
}
function rfftfreq(n: number): number[] {
  return Array.from({length: Math.floor(n / 2) + 1}, (_, k) => k / n);
}

/**
 * Real inverse 2-D DFT (orthonormal) written as matrix products, since the wasm backend has
 * no FFT kernels: ifft along the height (complex, h x h), then the real irfft along the width
 * (wf = w/2+1 half-spectrum -> w pixels; the terms between DC and Nyquist count twice).
 */
class RealIdft2d {
  private readonly ch: tf.Tensor2D;
  private readonly sh: tf.Tensor2D;
  private readonly cw: tf.Tensor2D;
  private readonly sw: tf.Tensor2D;
  constructor(readonly h: number, readonly w: number) {
    const wf = Math.floor(w / 2) + 1, norm = 1 / Math.sqrt(h * w);
    const ch = new Float32Array(h * h), sh = new Float32Array(h * h);
    for (let y = 0; y < h; y++) for (let i = 0; i < h; i++) {
      const t = (2 * Math.PI * ((i * y) % h)) / h;
      ch[y * h + i] = Math.cos(t);
      sh[y * h + i] = Math.sin(t);
    }
    const cw = new Float32Array(wf * w), sw = new Float32Array(wf * w);
    for (let k = 0; k < wf; k++) {
      const weight = (k === 0 || (w % 2 === 0 && k === w / 2) ? 1 : 2) * norm;
      for (let x = 0; x < w; x++) {
        const t = (2 * Math.PI * ((k * x) % w)) / w;
        cw[k * w + x] = weight * Math.cos(t);
        sw[k * w + x] = weight * Math.sin(t);
      }
    }
    this.ch = tf.tensor2d(ch, [h, h]);
    this.sh = tf.tensor2d(sh, [h, h]);
    this.cw = tf.tensor2d(cw, [wf, w]);
    this.sw = tf.tensor2d(sw, [wf, w]);
  }

  /** [n, h, wf] real and imaginary spectra -> [n, h, w] real images. */
  apply(re: tf.Tensor3D, im: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const [n, h, wf] = re.shape;
      const cols = (t: tf.Tensor3D) => t.transpose([1, 0, 2]).reshape([h, n * wf]);
      const r = cols(re), i = cols(im);
      const back = (t: tf.Tensor) => t.reshape([h, n, wf]).transpose([1, 0, 2]).reshape([n * h, wf]);
      const zr = back(tf.matMul(this.ch, r).sub(tf.matMul(this.sh, i)));
      const zi = back(tf.matMul(this.ch, i).add(tf.matMul(this.sh, r)));
      return tf.matMul(zr, this.cw).sub(tf.matMul(zi, this.sw)).reshape([n, h, this.w]) as tf.Tensor3D;
    });
  }

  dispose(): void {
    for (const t of [this.ch, this.sh, this.cw, this.sw]) t.dispose();
  }
}

/**
 * The image as a spectrum whose coefficients are scaled by 1/frequency^decayPower: a step in
 * parameter space then changes all frequencies about equally in the image, instead of
 * letting high-frequency noise win (Olah et al. 2017; Lucid's fft_image). With `decorrelate`
 * the channels are ImageNet's decorrelated colour axes; a sigmoid maps to [0, 1].
 */
export function fourierImage({size, seed = 0, sd = 0.01, decorrelate = true, decayPower = 1, batch = 1}: {size: Size; seed?: number; sd?: number; decorrelate?: boolean; decayPower?: number; batch?: number}): ImageParam {
  const [h, w] = hw(size);
  const wf = Math.floor(w / 2) + 1, n = batch * 3;
  const fy = fftfreq(h), fx = rfftfreq(w), floor = 1 / Math.max(h, w);
  const scaleData = new Float32Array(h * wf);
  for (let i = 0; i < h; i++) for (let k = 0; k < wf; k++) scaleData[i * wf + k] = 1 / Math.max(Math.hypot(fy[i], fx[k]), floor) ** decayPower;
  const scale = tf.tensor3d(scaleData, [1, h, wf]);
  const idft = new RealIdft2d(h, w);
  const color = decorrelate ? colorMatrix() : null;
  const init = (s: number) => tf.tidy(() => tf.randomNormal([n, h, wf], 0, sd, "float32", tfSeed(s)));
  const re0 = init(seed), im0 = init(seed + 7919);
  const re = tf.variable(re0, true, unique("spectrum-re")), im = tf.variable(im0, true, unique("spectrum-im"));
  re0.dispose();
  im0.dispose();
  return {
    variables: [re, im],
    image: () => tf.tidy(() => {
      const planes = idft.apply(re.mul(scale) as tf.Tensor3D, im.mul(scale) as tf.Tensor3D); // [b*3, h, w]
      // Lucid divides by 4 so that the sigmoid starts in its linear range
      let x = planes.reshape([batch, 3, h, w]).transpose([0, 2, 3, 1]).div(4) as tf.Tensor4D;
      if (color) x = tf.matMul(x.reshape([batch * h * w, 3]), color).reshape([batch, h, w, 3]);
      return tf.sigmoid(x) as tf.Tensor4D;
    }),
    dispose: () => {
      for (const t of [re, im, scale]) t.dispose();
      idft.dispose();
      color?.dispose();
    },
  };
}
