// Fixed-width histogram of a flat array of values: what an activation map's values look
// like over a set of images (how many units are silent, how heavy the tail is).
export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

export interface HistogramSummary {
  bins: Bin[];
  n: number;
  mean: number;
  max: number;
  min: number;
  /** Share of values that are exactly zero (dead or silent ReLU units). */
  fractionZero: number;
}

/** Bins `values` into `binCount` equal bins over [min, max] (or the given domain). */
export function histogram(values: ArrayLike<number>, binCount = 40, domain?: [number, number]): HistogramSummary {
  const n = values.length;
  let min = Infinity, max = -Infinity, sum = 0, zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
  }
  if (n === 0) return {bins: [], n: 0, mean: 0, max: 0, min: 0, fractionZero: 0};
  const [lo, hi] = domain ?? [min, max === min ? min + 1 : max];
  const width = (hi - lo) / binCount;
  const counts = new Array<number>(binCount).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((values[i] - lo) / width);
    if (b >= 0 && b <= binCount) counts[Math.min(b, binCount - 1)]++; // the top edge belongs to the last bin
  }
  const bins = counts.map((count, i) => ({x0: lo + i * width, x1: lo + (i + 1) * width, count}));
  return {bins, n, mean: sum / n, max, min, fractionZero: zeros / n};
}
