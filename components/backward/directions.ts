// Semantic directions (Szegedy et al. 2013, "Intriguing properties of neural networks", Section 3):
// over an image set, the images that most excite one unit of a layer (the natural basis vector
// e_i) and those that most excite a random direction v of the same layer (the largest <phi(x), v>).
// If both sets look alike in meaning, single units are not special: the layer's space is.
import * as tf from "@tensorflow/tfjs";
import type {LayerInfo, ZooModel} from "../zoo/types.ts";
import {makeRng} from "../random.ts";
import {readAndDispose} from "../tf/read.ts";
import {makeShapeTexBatch, SHAPES} from "../datasets/shapetex.ts";

/** Per image, one feature vector of the layer: Float32Array rows of length `dim`. */
export interface LayerFeatures {
  layer: string;
  dim: number;
  rows: Float32Array[];
}

export interface Ranked {
  /** Index of the image in the set. */
  image: number;
  /** <phi(x), direction>. */
  score: number;
}

/** Layers a direction can live in: every feature map or vector after the input, up to (not including) the softmax. */
export const directionLayers = (model: ZooModel): LayerInfo[] => model.layers.filter((l) => l.kind !== "input" && l.kind !== "softmax");

/** The default layer: the one just below the class scores (a high layer, as in Szegedy et al.). */
export function defaultDirectionLayer(model: ZooModel | {layers: LayerInfo[]}): string {
  const ls = directionLayers(model as ZooModel);
  return (ls.at(-2) ?? ls.at(-1))!.name;
}

/**
 * The layer's feature vector of every image, `batch` images per forward pass. A feature map
 * [H, W, C] is averaged over space: Szegedy et al.'s units are units of a whole-image
 * representation, and the mean makes a channel one number per image whatever the image's
 * layout (the global average pooling these networks apply before classifying does the same).
 */
export async function layerFeatures(model: ZooModel, images: tf.Tensor4D[], layer: string, {batch = 16} = {}): Promise<LayerFeatures> {
  const rows: Float32Array[] = [];
  let dim = 0;
  for (let start = 0; start < images.length; start += batch) {
    const flat = tf.tidy(() => {
      const x = tf.concat(images.slice(start, start + batch), 0) as tf.Tensor4D;
      const a = model.activations(x, [layer])[0];
      return a.rank === 4 ? a.mean([1, 2]) : a.reshape([a.shape[0], -1]);
    });
    dim = flat.shape[1] as number;
    const v = (await readAndDispose(flat)) as Float32Array;
    for (let i = 0; i * dim < v.length; i++) rows.push(v.slice(i * dim, (i + 1) * dim));
  }
  return {layer, dim, rows};
}

/** A random direction of unit length, from seeded Gaussian draws (uniform on the sphere). */
export function randomDirection(dim: number, seed: number): Float32Array {
  const rng = makeRng(seed);
  const v = Float32Array.from({length: dim}, () => rng.normal());
  const norm = Math.hypot(...v);
  return v.map((q) => q / norm);
}

/** The natural basis vector e_unit. */
export function unitDirection(dim: number, unit: number): Float32Array {
  if (!Number.isInteger(unit) || unit < 0 || unit >= dim) throw new Error(`unit must be 0..${dim - 1}, got ${unit}`);
  const v = new Float32Array(dim);
  v[unit] = 1;
  return v;
}

/** Every image's <phi(x), v>, best first (ties keep image order), the first k. */
export function topImages(features: LayerFeatures, direction: Float32Array, k = 9): Ranked[] {
  if (direction.length !== features.dim) throw new Error(`direction has ${direction.length} components, the layer ${features.dim}`);
  const scored = features.rows.map((row, image) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j] * direction[j];
    return {image, score: s};
  });
  return scored.sort((p, q) => q.score - p.score).slice(0, k);
}

export interface DirectionsResult {
  layer: string;
  dim: number;
  unit: number;
  seed: number;
  /** The top-k for e_unit and for the random direction. */
  unitTop: Ranked[];
  randomTop: Ranked[];
}

/** Both rankings of one layer: unit `unit` and the random direction of `seed`. */
export function directions(features: LayerFeatures, {unit, seed, k = 9}: {unit: number; seed: number; k?: number}): DirectionsResult {
  return {layer: features.layer, dim: features.dim, unit, seed,
    unitTop: topImages(features, unitDirection(features.dim, unit), k),
    randomTop: topImages(features, randomDirection(features.dim, seed), k)};
}

/** The generated set of the figure: ShapeTex images (16 of each of the 6 shapes), each labelled with its shape. */
export const DIRECTIONS_SHAPETEX_SET = {seed: 1, n: 96, side: 64} as const;

export function shapetexLabelledSet(size: [number, number], {seed, n, side}: {seed: number; n: number; side: number} = DIRECTIONS_SHAPETEX_SET): {images: tf.Tensor4D[]; labels: string[]} {
  const b = makeShapeTexBatch(seed, n, {size: side}), px = side * side * 3;
  const images = Array.from({length: n}, (_, i) => tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(b.images.subarray(i * px, (i + 1) * px), [1, side, side, 3]), size) as tf.Tensor4D));
  return {images, labels: Array.from(b.shapes, (s) => SHAPES[s])};
}
