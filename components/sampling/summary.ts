// What the 1-D sampling demo reports at one setting: the global sum of the subsampled output
// at the current shift and at every shift, and whether it is shift invariant. Pure, so the
// widget, its result message and the tests agree on one definition.
import {globalSumByShift, stridedLayer, type SubsampleOptions} from "./subsample.ts";

export interface SamplingSummary {
  /** S(φ) at the current shift. */
  globalSum: number;
  /** S(φ) at every shift 0..n-1. */
  sums: Float64Array;
  lo: number;
  hi: number;
  mean: number;
  /** (max − min) / |mean| of S over all shifts (max − min when the mean is 0). */
  variation: number;
  /** S is the same at every shift: variation below 1e-9. */
  invariant: boolean;
}

/** Relative spread under which the global sum counts as the same for every shift. */
export const INVARIANCE_TOLERANCE = 1e-9;

export function samplingSummary(x: ArrayLike<number>, shiftBy: number, options: SubsampleOptions): SamplingSummary {
  const sums = globalSumByShift(x, options);
  let lo = Infinity, hi = -Infinity, total = 0;
  for (const v of sums) (lo = Math.min(lo, v), hi = Math.max(hi, v), (total += v));
  const mean = total / sums.length;
  const variation = mean !== 0 ? (hi - lo) / Math.abs(mean) : hi - lo;
  return {globalSum: stridedLayer(x, shiftBy, options).globalSum, sums, lo, hi, mean, variation, invariant: variation < INVARIANCE_TOLERANCE};
}
