// Seeded randomness for transforms and initialisations: every render is reproducible from
// its seed. mulberry32 is a tiny, well-mixed 32-bit generator, plenty for picking offsets.

/** A stream of uniform numbers in [0, 1). */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [lo, hi], both ends included. */
export function randomInt(random: Random, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

/** One element of a non-empty list. */
export function choice<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
