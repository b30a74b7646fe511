// Subsampling a periodic 1-D signal, with or without a low-pass filter first: the whole of
// Azulay & Weiss's argument in a few pure functions (JMLR 2019, Sec. 3 "Ignoring the sampling
// theorem"). Signals are circular, so shift and convolution wrap around.

/** Circular shift: y[t] = x[t - k] (the content moves k samples to the right). */
export function shift(x: ArrayLike<number>, k: number): Float64Array {
  const n = x.length, y = new Float64Array(n);
  for (let t = 0; t < n; t++) y[t] = x[(((t - k) % n) + n) % n];
  return y;
}

/** Keep every s-th sample starting at `phase`: y[m] = x[s m + phase]. */
export function subsample(x: ArrayLike<number>, s: number, phase = 0): Float64Array {
  if (!(Number.isInteger(s) && s >= 1)) throw new Error(`subsampling factor must be a positive integer, got ${s}`);
  const m = Math.floor((x.length - phase + s - 1) / s), y = new Float64Array(Math.max(0, m));
  for (let i = 0; i < y.length; i++) y[i] = x[s * i + phase];
  return y;
}

/** Circular convolution with a centred, odd- or even-length kernel. */
export function convolve(x: ArrayLike<number>, kernel: ArrayLike<number>): Float64Array {
  const n = x.length, k = kernel.length, c = Math.floor((k - 1) / 2), y = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let acc = 0;
    for (let j = 0; j < k; j++) acc += kernel[j] * x[(((t + c - j) % n) + n) % n];
    y[t] = acc;
  }
  return y;
}

export type LowPass = "none" | "box" | "binomial";

/**
 * The anti-aliasing filter before subsampling by s: "box" averages s neighbours (its transfer
 * function is zero at every multiple of 2π/s, so the global sum below becomes exactly shift
 * invariant); "binomial" is Zhang's (2019) [1, 2, 1]/4-style filter of length s + 1.
 */
export function lowPassKernel(kind: LowPass, s: number): Float64Array {
  if (kind === "none" || s === 1) return Float64Array.of(1);
  if (kind === "box") return new Float64Array(s).fill(1 / s);
  // row s of Pascal's triangle, normalised
  const k = new Float64Array(s + 1);
  k[0] = 1;
  for (let r = 1; r <= s; r++) for (let j = r; j > 0; j--) k[j] += k[j - 1];
  const sum = 2 ** s;
  return k.map((v) => v / sum);
}

export interface SubsampleOptions {
  s: number;
  lowPass?: LowPass;
  /** Apply a ReLU before filtering (Azulay & Weiss: nonlinearities create high frequencies). */
  relu?: boolean;
}

/** The stages of one strided layer on a shifted input: shifted, filtered, subsampled. */
export function stridedLayer(x: ArrayLike<number>, shiftBy: number, {s, lowPass = "none", relu = false}: SubsampleOptions) {
  let shifted = shift(x, shiftBy);
  if (relu) shifted = shifted.map((v) => Math.max(0, v - 0.5));
  const filtered = convolve(shifted, lowPassKernel(lowPass, s));
  const output = subsample(filtered, s, 0);
  return {shifted, filtered, output, globalSum: sum(output)};
}

export function sum(x: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc += x[i];
  return acc;
}

/** Global sum of the subsampled output for every shift 0..n-1 (the "global pooling" of the layer). */
export function globalSumByShift(x: ArrayLike<number>, options: SubsampleOptions): Float64Array {
  return Float64Array.from({length: x.length}, (_, k) => stridedLayer(x, k, options).globalSum);
}

/** Max minus min of the global sum over all shifts, relative to its mean magnitude (0 = invariant). */
export function shiftVariation(x: ArrayLike<number>, options: SubsampleOptions): number {
  const g = globalSumByShift(x, options);
  let lo = Infinity, hi = -Infinity, mean = 0;
  for (const v of g) (lo = Math.min(lo, v), hi = Math.max(hi, v), (mean += Math.abs(v) / g.length));
  return mean > 0 ? (hi - lo) / mean : hi - lo;
}
