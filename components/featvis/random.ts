// Seeded randomness for transforms and initialisations: every render is reproducible from
// its seed. A view of the project's generator (components/random.ts) as a plain function,
// which is all the transforms need.
import {makeRng} from "../random.ts";

/** A stream of uniform numbers in [0, 1). */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  const rng = makeRng((Math.floor(seed) ^ 0x9e3779b9) >>> 0); // the xor keeps small seeds apart from makeRng's own
  return () => rng.next();
}

/** An integer in [lo, hi], both ends included. */
export function randomInt(random: Random, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

/** One element of a non-empty list. */
export function choice<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
