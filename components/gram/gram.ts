// The Gram matrix of a layer: correlations between its channels, summed over positions
// (Gatys, Ecker & Bethge, "Texture Synthesis Using Convolutional Neural Networks", NeurIPS
// 2015, eq. 1; CVPR 2016, eq. 3: G^l_ij = sum_k F^l_ik F^l_jk with F^l channels x positions).
// Ours is F^T F for F positions x channels, the same matrix; we divide by the number of positions M = h*w,
// so an image and a larger crop of the same texture have comparable Gram matrices.
import * as tf from "@tensorflow/tfjs";
import {readScalar} from "../tf/read.ts";

/** Feature maps [b, h, w, c] (or vectors [b, c], one position) -> Gram matrices [b, c, c]. */
export function gramMatrix(features: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => {
    const b = features.shape[0], c = features.shape[features.rank - 1];
    const positions = features.size / (b * c);
    const f = features.reshape([b, positions, c]) as tf.Tensor3D; // F with positions as rows
    return tf.matMul(f, f, true, false).div(positions) as tf.Tensor3D;
  });
}

/** ||a - b||_F / ||b||_F: how far `a` is from a reference `b`, relative to the size of `b`. */
export async function relativeDistance(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  return readScalar(tf.tidy(() => tf.norm(tf.sub(a, b)).div(tf.norm(b).add(1e-12))));
}

/** Summary numbers of a single Gram matrix [c, c] or [1, c, c]. */
export interface GramSummary {
  channels: number;
  trace: number;
  /** Mean of the diagonal (mean squared activation per channel) and of the off-diagonal entries. */
  meanDiagonal: number;
  meanOffDiagonal: number;
  min: number;
  max: number;
}

/** Reads `gram` (the caller still owns it). */
export async function summarizeGram(gram: tf.Tensor): Promise<GramSummary> {
  return summarizeGramValues(await gram.data(), gram.shape[gram.rank - 1]);
}

/** The same numbers from a Gram matrix already read: `values` row-major, c x c. */
export function summarizeGramValues(values: ArrayLike<number>, c: number): GramSummary {
  let trace = 0, total = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) {
    const v = values[i * c + j];
    total += v;
    if (i === j) trace += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {channels: c, trace, meanDiagonal: trace / c, meanOffDiagonal: c > 1 ? (total - trace) / (c * c - c) : 0, min, max};
}
