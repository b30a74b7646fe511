// The Wilson score interval for a binomial proportion (Wilson, "Probable inference, the law of
// succession, and statistical inference", JASA 1927). Unlike the normal ("Wald") interval
// p ± z·sqrt(p(1-p)/n), it stays inside [0, 1] and does not collapse to a point at 0 or n
// successes, so it is the one to quote when n is a few dozen decisions or fewer.

/** z for a two-sided 95% interval: the 97.5th percentile of the standard normal. */
export const Z95 = 1.959963984540054;

export interface Interval {
  /** Point estimate k / n (NaN when n = 0). */
  p: number;
  low: number;
  high: number;
  n: number;
}

/** Wilson interval for k successes in n trials (k and n whole, 0 ≤ k ≤ n); n = 0 gives [0, 1]. */
export function wilsonInterval(k: number, n: number, z = Z95): Interval {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 0 || k < 0 || k > n) {
    throw new RangeError(`wilsonInterval needs whole numbers 0 ≤ k ≤ n, got k = ${k}, n = ${n}`);
  }
  if (n === 0) return {p: NaN, low: 0, high: 1, n};
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // at k = 0 or k = n one bound is exactly 0 or 1; clamp away rounding noise
  return {p, low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half), n};
}

/** "41% (95% CI 27–57%, n = 37 decisions)": a proportion as the pages print it; `unit` names what n counts. */
export function formatProportion({p, low, high, n}: Interval, digits = 0, unit = ""): string {
  const pct = (x: number) => (100 * x).toFixed(digits);
  const count = `n = ${n}${unit ? ` ${unit}` : ""}`;
  if (n === 0) return `undefined (${count})`;
  return `${pct(p)}% (95% CI ${pct(low)}–${pct(high)}%, ${count})`;
}
