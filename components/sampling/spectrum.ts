// The discrete Fourier transform's magnitude, for showing which frequencies a signal holds and
// which fold over (alias) when it is subsampled. O(n^2): the demo's signals have n <= 256.

/** |X(k)| for k = 0..floor(n/2), X(k) = Σ_t x[t] e^{-2πikt/n}. */
export function magnitudeSpectrum(x: ArrayLike<number>): Float64Array {
  const n = x.length, half = Math.floor(n / 2), out = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    let re = 0, im = 0;
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      re += x[t] * Math.cos(a);
      im += x[t] * Math.sin(a);
    }
    out[k] = Math.hypot(re, im);
  }
  return out;
}

/**
 * The frequency bins (0 < k <= n/2) at which subsampling by s aliases onto DC: the nonzero
 * multiples of n/s. The global sum of the subsampled signal is shift invariant exactly when
 * the signal has no energy there (Azulay & Weiss 2019, Sec. 3; derivation in the chapter).
 */
export function aliasingBins(n: number, s: number): number[] {
  const out: number[] = [];
  for (let m = 1; m < s; m++) {
    const k = (m * n) / s;
    if (Number.isInteger(k) && k <= n / 2) out.push(k);
  }
  return out;
}
