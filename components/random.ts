// Seeded randomness for the whole project: every sample, init and jitter draws from one of
// these, so a seed reproduces a figure, a dataset or a training run exactly.
// The generator is mulberry32 (32-bit state, fast, good enough for data and jitter; not
// for cryptography).

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[];
}

/** A fresh generator; the same seed always yields the same stream. */
export function makeRng(seed: number): Rng {
  let state = seed >>> 0;
  let spareNormal: number | null = null;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return z;
      }
      const u = 1 - next(); // in (0, 1], so log(u) is finite
      const r = Math.sqrt(-2 * Math.log(u)), a = 2 * Math.PI * next();
      spareNormal = r * Math.sin(a);
      return r * Math.cos(a);
    },
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty array");
      return items[Math.floor(next() * items.length)];
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
  };
  return rng;
}

/**
 * A seed derived from a parent seed and any integers (batch index, layer index...): child
 * streams that do not overlap in practice, without threading one generator everywhere.
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * The seed to hand tfjs's random ops (tf.randomNormal & co.). tfjs treats a falsy seed as
 * "no seed" and falls back to Math.random(), so seed 0 would silently be unseeded; map it to
 * a fixed non-zero value and leave every other seed as it is.
 */
export function tfSeed(seed: number): number {
  return seed === 0 ? 0x5eed : seed;
}
