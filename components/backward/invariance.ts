// Invariance (Zeiler & Fergus 2014, Sec. 4, Fig. 5): transform an image by a growing amount
// (vertical translation, scale, rotation) and measure, per layer, how far its feature vector
// moves from the untransformed image's, and the probability of the true class. Their finding:
// small transforms move the first layer's features a lot and the top layers' little; the output
// is stable to translation and scale, less so to rotation.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {readAndDispose, readScalar} from "../tf/read.ts";

export const TRANSFORMS = ["translate", "scale", "rotate"] as const;
export type Transform = (typeof TRANSFORMS)[number];

/** What each transform's amount means, and the default range (Z&F's Fig. 5 axes, roughly). */
export const AMOUNT: Record<Transform, {unit: string; range: [number, number]}> = {
  translate: {unit: "share of the side, downwards", range: [-0.3, 0.3]},
  scale: {unit: "zoom factor", range: [0.6, 1.6]},
  rotate: {unit: "degrees, clockwise", range: [-180, 180]},
};

/**
 * The 8 parameters of tf.image.transform for one transform about the image centre: they map an
 * output pixel (x, y) to the input pixel it samples.
 */
export function transformMatrix(kind: Transform, amount: number, h: number, w: number): number[] {
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  if (kind === "translate") return [1, 0, 0, 0, 1, -amount * h, 0, 0];
  if (kind === "scale") {
    const k = 1 / amount; // zoom in by `amount`: sample closer to the centre
    return [k, 0, cx * (1 - k), 0, k, cy * (1 - k), 0, 0];
  }
  const t = (amount * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
  // inverse rotation about the centre
  return [c, s, cx - c * cx - s * cy, -s, c, cy + s * cx - c * cy, 0, 0];
}

export function transformed(x01: tf.Tensor4D, kind: Transform, amounts: number[], fill = 0.5): tf.Tensor4D {
  const [, h, w] = x01.shape;
  return tf.tidy(() => {
    const batch = tf.tile(x01, [amounts.length, 1, 1, 1]) as tf.Tensor4D;
    const m = tf.tensor2d(amounts.flatMap((a) => transformMatrix(kind, a, h, w)), [amounts.length, 8]);
    return tf.image.transform(batch, m, "bilinear", "constant", fill) as tf.Tensor4D;
  });
}

export interface InvarianceResult {
  kind: Transform;
  amounts: number[];
  layers: string[];
  classIndex: number;
  /** distance[layer][i]: ||f(T_i x) - f(x)||₂ for amount i. */
  distance: number[][];
  /** The same divided by ||f(x)||₂, comparable across layers. */
  relative: number[][];
  probability: number[];
}

export async function invariance(model: ZooModel, x01: tf.Tensor4D, kind: Transform, amounts: number[], layers: string[], classIndex?: number): Promise<InvarianceResult> {
  const cls = classIndex ?? await readScalar(tf.tidy(() => model.probabilities(x01).argMax(1)));
  const ref = tf.tidy(() => model.activations(x01, layers).map((a) => a.reshape([1, -1])));
  try {
    const norms = await readAndDispose(tf.tidy(() => tf.stack(ref.map((r) => tf.norm(r)))));
    const distance: number[][] = layers.map(() => []), relative: number[][] = layers.map(() => []);
    const probability: number[] = [];
    // a few transformed images per pass: the big networks' activations would not fit at once
    for (let start = 0; start < amounts.length; start += 4) {
      const chunk = amounts.slice(start, start + 4);
      // per layer, each image's distance from the reference ([layers, chunk]), and P(class) per image
      const [d, p] = tf.tidy(() => {
        const xs = transformed(x01, kind, chunk);
        const acts = model.activations(xs, layers);
        const dist = tf.stack(acts.map((a, j) => tf.norm(tf.sub(a.reshape([chunk.length, -1]), ref[j]), "euclidean", 1)));
        return [dist, tf.slice(model.probabilities(xs), [0, cls], [chunk.length, 1])];
      });
      const [dv, pv] = await Promise.all([readAndDispose(d), readAndDispose(p)]);
      layers.forEach((_, j) => {
        const n0 = norms[j] || 1;
        for (const v of dv.subarray(j * chunk.length, (j + 1) * chunk.length)) (distance[j].push(v), relative[j].push(v / n0));
      });
      probability.push(...pv);
    }
    return {kind, amounts, layers, classIndex: cls, distance, relative, probability};
  } finally {
    tf.dispose(ref);
  }
}

/** Evenly spaced amounts over a range, always including the identity (0 shift/turn, zoom 1). */
export function amountsFor(kind: Transform, steps: number, range = AMOUNT[kind].range): number[] {
  const [lo, hi] = range;
  const out = Array.from({length: steps}, (_, i) => lo + ((hi - lo) * i) / Math.max(1, steps - 1));
  const identity = kind === "scale" ? 1 : 0;
  if (!out.some((a) => Math.abs(a - identity) < 1e-9) && identity >= lo && identity <= hi) out.push(identity);
  return out.sort((a, b) => a - b).map((a) => Number(a.toFixed(6)));
}

/** A handful of layers from bottom to top (first, evenly spaced middles, last map). */
export function spreadLayers(model: ZooModel, n = 5): string[] {
  const maps = model.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");
  const pick = new Set(Array.from({length: n}, (_, i) => Math.round((i * (maps.length - 1)) / Math.max(1, n - 1))));
  return [...pick].map((i) => maps[i].name);
}
