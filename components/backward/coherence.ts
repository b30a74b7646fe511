// A number for "the top images of a direction look alike": the share of the top-k images that
// carry their most common label, against the same share for k images drawn at random from the
// set (chance). Labels are those the set already has (a ShapeTex image's shape, a Geirhos
// silhouette's category), so the number needs no judgement by eye.
import {makeRng} from "../random.ts";
import {directions, type LayerFeatures, type Ranked} from "./directions.ts";

export interface Coherence {
  /** The most common label among the images (the first one met on ties). */
  label: string;
  count: number;
  n: number;
  share: number;
}

export function labelCoherence(images: number[], labels: readonly string[]): Coherence {
  const counts = new Map<string, number>();
  for (const i of images) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  let label = "", count = 0;
  for (const [l, c] of counts) if (c > count) (label = l), (count = c);
  return {label, count, n: images.length, share: images.length ? count / images.length : 0};
}

/** The expected share for k images drawn without replacement, from `draws` seeded draws. */
export function chanceCoherence(labels: readonly string[], k: number, {draws = 2000, seed = 0} = {}): number {
  const rng = makeRng(seed), idx = labels.map((_, i) => i), m = Math.min(k, labels.length);
  let total = 0;
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < m; i++) {
      const j = i + rng.int(idx.length - i);
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    total += labelCoherence(idx.slice(0, m), labels).share;
  }
  return total / draws;
}

export const rankedImages = (r: Ranked[]) => r.map((q) => q.image);

export interface CoherenceSummary {
  k: number;
  /** Mean share over every unit of the layer (n = the layer's width). */
  units: {mean: number; n: number};
  /** Mean share over random directions with seeds 0..n-1. */
  random: {mean: number; n: number};
  chance: number;
  images: number;
}

/** The layer's coherence: all its units and `randomDirections` random directions, against chance. */
export function coherenceSummary(features: LayerFeatures, labels: readonly string[], {k = 9, randomDirections = 32} = {}): CoherenceSummary {
  let units = 0, random = 0;
  for (let u = 0; u < features.dim; u++) units += labelCoherence(rankedImages(directions(features, {unit: u, seed: 0, k}).unitTop), labels).share;
  for (let s = 0; s < randomDirections; s++) random += labelCoherence(rankedImages(directions(features, {unit: 0, seed: s, k}).randomTop), labels).share;
  return {k, units: {mean: units / features.dim, n: features.dim}, random: {mean: random / randomDirections, n: randomDirections},
    chance: chanceCoherence(labels, k), images: features.rows.length};
}
