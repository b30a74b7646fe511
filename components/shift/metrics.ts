// How much a network's answer moves when its input moves: the measures of Azulay & Weiss
// (JMLR 2019, Sec. 2 and Fig. 1/A) and Zhang (ICML 2019, Sec. 4.1), as pure functions of
// sweeps. A sweep is one image's class probabilities at shifts 0, 1, ..., N of one pixel each.

export interface Sweep {
  /** probabilities[k] = the class distribution at shift k. */
  probabilities: ArrayLike<number>[];
}

/** Index of the largest value (the first on ties). */
export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

/** Is class c among the k most probable? (Ties at the boundary count against c.) */
export function inTopK(p: ArrayLike<number>, c: number, k: number): boolean {
  let above = 0;
  for (let i = 0; i < p.length; i++) if (i !== c && p[i] >= p[c]) above++;
  return above < k;
}

export const top1Sequence = (s: Sweep): number[] => s.probabilities.map(argmax);

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/**
 * P(top-1 change): over every image and every pair of neighbouring shifts (k, k+1), the
 * fraction where the top-1 class differs. "The probability that a 1-pixel shift changes the
 * prediction" (Azulay & Weiss, Sec. 2).
 */
export function pTop1Change(sweeps: Sweep[]): number {
  const flips: number[] = [];
  for (const s of sweeps) {
    const t = top1Sequence(s);
    for (let k = 0; k + 1 < t.length; k++) flips.push(t[k] === t[k + 1] ? 0 : 1);
  }
  return mean(flips);
}

/**
 * Mean absolute change (MAC): over every pair of neighbouring shifts, |p_{k+1}(c) - p_k(c)|
 * for c the top-1 class at shift k (Azulay & Weiss, Sec. 2).
 */
export function meanAbsChange(sweeps: Sweep[]): number {
  const d: number[] = [];
  for (const s of sweeps) {
    for (let k = 0; k + 1 < s.probabilities.length; k++) {
      const c = argmax(s.probabilities[k]);
      d.push(Math.abs(s.probabilities[k + 1][c] - s.probabilities[k][c]));
    }
  }
  return mean(d);
}

/**
 * Jaggedness: the share of images whose top-k correctness (is the reference class among the
 * k most probable?) flips at least once along the sweep (Azulay & Weiss, Fig. 1 and A:
 * "jagged" rows). `references[i]` is image i's true class, or its unshifted top-1 when unknown.
 */
export function jaggedFraction(sweeps: Sweep[], references: number[], k = 5): number {
  if (references.length !== sweeps.length) throw new Error(`${sweeps.length} sweeps but ${references.length} reference classes`);
  return mean(sweeps.map((s, i) => (flipsOfTopK(s, references[i], k) > 0 ? 1 : 0)));
}

/** How many times top-k correctness flips along one sweep. */
export function flipsOfTopK(s: Sweep, reference: number, k: number): number {
  let flips = 0;
  for (let j = 0; j + 1 < s.probabilities.length; j++) {
    if (inTopK(s.probabilities[j], reference, k) !== inTopK(s.probabilities[j + 1], reference, k)) flips++;
  }
  return flips;
}

/**
 * Consistency, a variant of Zhang's (2019, Sec. 4.1): how often two different shifts of the
 * same image get the same top-1. Zhang draws two independent random 2-D offsets (they may
 * coincide); we take the mean over all pairs of DISTINCT positions of our 1-D sweep, exactly,
 * so it needs no random seed, and its values are not comparable with Zhang's tables.
 */
export function consistency(sweeps: Sweep[]): number {
  let same = 0, pairs = 0;
  for (const s of sweeps) {
    const t = top1Sequence(s), counts = new Map<number, number>();
    for (const c of t) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const n of counts.values()) same += (n * (n - 1)) / 2;
    pairs += (t.length * (t.length - 1)) / 2;
  }
  return pairs ? same / pairs : NaN;
}

export interface ShiftMetrics {
  p_top1_change: number;
  mean_abs_change: number;
  jagged_fraction: number;
  consistency: number;
  images: number;
  /** The k of "top-k correctness" in jaggedness. */
  jagged_k: number;
}

/** All four measures at once. */
export function shiftMetrics(sweeps: Sweep[], references: number[], k = 5): ShiftMetrics {
  return {
    p_top1_change: pTop1Change(sweeps),
    mean_abs_change: meanAbsChange(sweeps),
    jagged_fraction: jaggedFraction(sweeps, references, k),
    consistency: consistency(sweeps),
    images: sweeps.length,
    jagged_k: k,
  };
}

/** The reference class when the true one is unknown: the top-1 of the unshifted image. */
export const unshiftedTop1 = (s: Sweep): number => argmax(s.probabilities[0]);

/** Top-k for "jaggedness": 5 as in the paper, but never more than a third of the classes (ShapeTex has 6). */
export const jaggedK = (classes: number): number => Math.max(1, Math.min(5, Math.floor(classes / 3)));
