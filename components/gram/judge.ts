// Which network draws the best texture? A network's style loss is measured in its own features,
// so two networks' losses cannot be compared. Instead every network judges the others'
// textures by its own Gram distance to the source image and ranks them; a texture's score is
// its mean rank over the judges other than the network that made it (a judge would favour its
// own texture, which it was optimised for). Rank 1 is a judge's favourite.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {gramMatrix, relativeDistance} from "./gram.ts";

/**
 * Mean over `layers` of ||G(image) − G(source)||_F / ||G(source)||_F for one network: how far
 * an image's texture statistics are from the source's. Both images [1, h, w, 3] in [0, 1];
 * sizes may differ (Gram matrices average over positions).
 */
export async function gramDistance(model: ZooModel, image: tf.Tensor4D, source: tf.Tensor4D, layers: string[]): Promise<number> {
  if (!layers.length) throw new Error("gramDistance needs at least one layer");
  const [a, b] = [image, source].map((x) => tf.tidy(() => model.activations(x, layers).map((f) => gramMatrix(f))));
  try {
    let sum = 0; // summed in layer order, as before the reads became asynchronous
    for (let i = 0; i < layers.length; i++) sum += await relativeDistance(a[i], b[i]);
    return sum / layers.length;
  } finally {
    tf.dispose([...a, ...b]);
  }
}

/** distances[maker][judge]: the judge's Gram distance from the maker's texture to the source. */
export type JudgedDistances = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface JudgedRank {
  maker: string;
  /** Mean rank among the textures each other judge ranked (1 = best); NaN if no judge saw it. */
  meanRank: number;
  /** How many judges ranked it, and the most textures one judge ranked. */
  judges: number;
  ranked: number;
}

/**
 * Each judge ranks the textures of every maker but itself (ties share the better rank); a
 * maker's score is its mean rank. Judges are the keys present in the inner records.
 */
export function judgedRanks(distances: JudgedDistances): JudgedRank[] {
  const makers = Object.keys(distances);
  const judges = [...new Set(makers.flatMap((m) => Object.keys(distances[m])))];
  const ranks = new Map<string, number[]>(makers.map((m) => [m, []]));
  let ranked = 0;
  for (const judge of judges) {
    const scored = makers.filter((m) => m !== judge && Number.isFinite(distances[m][judge]));
    ranked = Math.max(ranked, scored.length);
    for (const m of scored) {
      const d = distances[m][judge];
      ranks.get(m)!.push(1 + scored.filter((o) => distances[o][judge] < d).length);
    }
  }
  return makers.map((maker) => {
    const r = ranks.get(maker)!;
    return {maker, meanRank: r.length ? r.reduce((s, x) => s + x, 0) / r.length : NaN, judges: r.length, ranked};
  });
}
