// Bilinear resampling of an image through an arbitrary coordinate map, differentiable on every
// backend. tf.image.transform has no gradient in tfjs, and gather's gradient needs
// UnsortedSegmentSum, which the wasm backend lacks; so the forward pass gathers the four
// neighbours of each sample point and the backward pass is its exact adjoint, a scatterND
// (which sums duplicate indices) of the weighted upstream gradient.
import * as tf from "@tensorflow/tfjs";

/**
 * Where each output pixel samples the input, in input pixel coordinates (row, col) as
 * flat [h*w] arrays. Points outside the image read the nearest border pixel.
 */
export interface SampleGrid {
  rows: Float32Array;
  cols: Float32Array;
}

/** Sample every image of x [b, h, w, c] at the same grid; output [b, h, w, c]. */
export function bilinearSample(x: tf.Tensor4D, grid: SampleGrid): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const n = h * w;
  // four neighbours per output pixel, per batch image: flat indices into [b*h*w] and weights
  const index = new Int32Array(b * n * 4), weight = new Float32Array(b * n * 4);
  const clampR = (r: number) => Math.min(h - 1, Math.max(0, r)), clampC = (q: number) => Math.min(w - 1, Math.max(0, q));
  for (let p = 0; p < n; p++) {
    const r = clampR(grid.rows[p]), q = clampC(grid.cols[p]);
    const r0 = Math.floor(r), q0 = Math.floor(q), r1 = Math.min(h - 1, r0 + 1), q1 = Math.min(w - 1, q0 + 1);
    const fr = r - r0, fq = q - q0;
    const taps: Array<[number, number]> = [
      [r0 * w + q0, (1 - fr) * (1 - fq)], [r0 * w + q1, (1 - fr) * fq],
      [r1 * w + q0, fr * (1 - fq)], [r1 * w + q1, fr * fq],
    ];
    for (let bi = 0; bi < b; bi++) {
      taps.forEach(([at, wt], t) => {
        index[(bi * n + p) * 4 + t] = bi * n + at;
        weight[(bi * n + p) * 4 + t] = wt;
      });
    }
  }
  const sample = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [img, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const idx = tf.tensor1d(index, "int32"), wts = tf.tensor2d(weight, [b * n * 4, 1]);
    save([idx, wts]);
    const value = tf.gather(img.reshape([b * n, c]), idx).mul(wts).reshape([b, h, w, 4, c]).sum(3) as tf.Tensor4D;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [si, sw] = saved;
      // every output pixel's gradient, repeated for its four taps, weighted, summed into place
      const spread = dy.reshape([b * n, 1, c]).tile([1, 4, 1]).reshape([b * n * 4, c]).mul(sw);
      return tf.scatterND(si.reshape([b * n * 4, 1]), spread, [b * n, c]).reshape([b, h, w, c]);
    };
    return {value, gradFunc};
  });
  return sample(x) as tf.Tensor4D;
}

/** The grid of a rotation by `degrees` about the image centre (output pixel -> input point). */
export function rotationGrid(h: number, w: number, degrees: number): SampleGrid {
  const a = (degrees * Math.PI) / 180, cos = Math.cos(a), sin = Math.sin(a);
  const cy = (h - 1) / 2, cx = (w - 1) / 2;
  const rows = new Float32Array(h * w), cols = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const dy = y - cy, dx = x - cx;
    rows[y * w + x] = cy + cos * dy - sin * dx;
    cols[y * w + x] = cx + sin * dy + cos * dx;
  }
  return {rows, cols};
}
