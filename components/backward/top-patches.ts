// Top activations and their reconstructions (Zeiler & Fergus 2014, Fig. 2): over a set of
// images, the units of one channel that fire most (one per image, its strongest), each shown as
// the image patch it sees beside its projection to pixel space under a backward rule.
//
// The patch is read off the projection itself: the smallest square around every pixel where the
// unit's projection is non-zero (|map| above 1e-4 of its peak). That is the part of the
// receptive field that matters for this image, and it needs no arithmetic on the architecture,
// so it works for any zoo network.
import * as tf from "@tensorflow/tfjs";
import {readAndDispose} from "../tf/read.ts";
import type {ZooModel} from "../zoo/types.ts";
import {project} from "./project.ts";
import type {Rule} from "./rules.ts";
import {magnitude} from "./view.ts";
import {makeShapeTexBatch} from "../datasets/shapetex.ts";

export interface Box {
  x: number;
  y: number;
  size: number;
}

export interface TopPatch {
  /** Index of the image in the set. */
  image: number;
  activation: number;
  row: number;
  col: number;
  box: Box;
  /** The projection cropped to the box, [size, size, 3], for drawing (dispose it). */
  reconstruction?: tf.Tensor3D;
}

/** Square bounding box of the projection's support, clamped to the image. */
export async function supportBox(map: tf.Tensor4D, threshold = 1e-4): Promise<Box> {
  const [, h, w] = map.shape;
  const v = await readAndDispose(magnitude(map));
  let peak = 0;
  for (const q of v) peak = Math.max(peak, q);
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let i = 0; i < v.length; i++) {
    if (v[i] <= threshold * peak || peak === 0) continue;
    const y = Math.floor(i / w), x = i % w;
    x0 = Math.min(x0, x), x1 = Math.max(x1, x), y0 = Math.min(y0, y), y1 = Math.max(y1, y);
  }
  if (x1 < 0) return {x: 0, y: 0, size: Math.min(h, w)};
  const size = Math.min(Math.max(x1 - x0 + 1, y1 - y0 + 1), h, w);
  const cx = (x0 + x1 + 1) / 2, cy = (y0 + y1 + 1) / 2;
  const clamp = (c: number, n: number) => Math.max(0, Math.min(n - size, Math.round(c - size / 2)));
  return {x: clamp(cx, w), y: clamp(cy, h), size};
}

export interface Unit {
  image: number;
  activation: number;
  row: number;
  col: number;
}

/** The strongest unit of `channel` in one activation map [1, H, W, C] (the first one on ties). */
function strongestIn(v: ArrayLike<number>, w: number, c: number, channel: number, image: number): Unit {
  let best = -Infinity, at = 0;
  for (let i = channel; i < v.length; i += c) if (v[i] > best) (best = v[i]), (at = i);
  const s = Math.floor(at / c);
  return {image, activation: best, row: Math.floor(s / w), col: s % w};
}

/** Each image's strongest unit of the channel, best first. */
export async function strongestUnits(model: ZooModel, images: tf.Tensor4D[], layer: string, channel: number): Promise<Unit[]> {
  return (await strongestUnitsByChannel(model, images, layer, [channel]))[0];
}

/** strongestUnits for several channels of one layer at the cost of one forward pass per image. */
export async function strongestUnitsByChannel(model: ZooModel, images: tf.Tensor4D[], layer: string, channels: number[]): Promise<Unit[][]> {
  const out = channels.map(() => [] as Unit[]);
  for (const [image, x] of images.entries()) {
    const a = tf.tidy(() => model.activations(x, [layer])[0]);
    const [, , w, c] = a.shape as number[];
    const v = await readAndDispose(a);
    channels.forEach((k, j) => out[j].push(strongestIn(v, w, c, k, image)));
  }
  return out.map((units) => units.sort((p, q) => q.activation - p.activation)); // stable: ties keep image order
}

/** Patches and reconstructions of the given units (each the strongest of its image). */
export async function patchesOf(model: ZooModel, images: tf.Tensor4D[], layer: string, channel: number, units: Unit[], {rule = "deconvnet" as Rule, keepReconstructions = false} = {}): Promise<TopPatch[]> {
  const patches: TopPatch[] = [];
  for (const u of units) {
    const p = await project(model, images[u.image], {kind: "channel", layer, channel, units: "max"}, rule);
    const box = await supportBox(p.map);
    const patch: TopPatch = {...u, box};
    if (keepReconstructions) patch.reconstruction = tf.tidy(() => tf.slice(p.map, [0, box.y, box.x, 0], [1, box.size, box.size, 3]).squeeze([0]) as tf.Tensor3D);
    p.map.dispose();
    patches.push(patch);
  }
  return patches;
}

export async function topPatches(model: ZooModel, images: tf.Tensor4D[], layer: string, channel: number, {k = 9, rule = "deconvnet" as Rule, keepReconstructions = false} = {}): Promise<TopPatch[]> {
  return patchesOf(model, images, layer, channel, (await strongestUnits(model, images, layer, channel)).slice(0, k), {rule, keepReconstructions});
}

/** The generated image set of the figure (and of its precomputed copy): ShapeTex images drawn at `side` px, resized to the model's input. */
export const SHAPETEX_SET = {seed: 1, n: 32, side: 64} as const;

export function shapetexImageSet(size: [number, number], {seed, n, side} = SHAPETEX_SET): tf.Tensor4D[] {
  const b = makeShapeTexBatch(seed, n, {size: side}), px = side * side * 3;
  return Array.from({length: n}, (_, i) => tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(b.images.subarray(i * px, (i + 1) * px), [1, side, side, 3]), size) as tf.Tensor4D));
}
