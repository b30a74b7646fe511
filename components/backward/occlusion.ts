// Occlusion sensitivity (Zeiler & Fergus 2014, Sec. 4.2 and Fig. 7): slide a grey square over
// the image and record, for each position, the probability of a class and the total activation
// of one channel (the one strongest on the intact image). Where the probability falls most is
// the region the classifier relies on.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";

export interface OcclusionOptions {
  /** Side of the grey square, in input pixels. */
  size: number;
  /** Step between positions, in input pixels. */
  stride: number;
  /** Class whose probability is mapped (model's own order); default: the top class of the intact image. */
  classIndex?: number;
  /** Layer whose strongest channel is mapped; default: the deepest spatial layer. */
  layer?: string;
  /** Grey level of the square, in [0, 1]. */
  fill?: number;
  /** Occluded images per forward pass. */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface OcclusionMap {
  rows: number;
  cols: number;
  size: number;
  stride: number;
  /** Top-left corners in input pixels: row r covers y = ys[r] .. ys[r] + size. */
  ys: number[];
  xs: number[];
  classIndex: number;
  /** P(class) with the square at each position, row-major [rows * cols]. */
  probability: Float32Array;
  /** Total activation of the channel with the square at each position. */
  activation: Float32Array;
  layer: string;
  channel: number;
  intact: {probability: number; activation: number};
  /** The most sensitive position: lowest P(class). */
  minimum: {probability: number; row: number; col: number; y: number; x: number};
  /** The position where the channel's total activation is lowest. */
  activationMinimum: {activation: number; row: number; col: number; y: number; x: number};
}

/** Square positions along one axis: every `stride`, plus the last one flush with the edge. */
export function positions(length: number, size: number, stride: number): number[] {
  if (!(size >= 1 && size <= length)) throw new Error(`occluder size ${size} must be in 1..${length}`);
  if (!(stride >= 1)) throw new Error(`stride ${stride} must be at least 1`);
  const out: number[] = [];
  for (let p = 0; p + size <= length; p += stride) out.push(p);
  if (out[out.length - 1] !== length - size) out.push(length - size);
  return out;
}

/** The deepest layer with a spatial map (H, W, C), the natural place for "the strongest channel". */
export function deepestMapLayer(model: ZooModel): string {
  const maps = model.layers.filter((l) => l.shape.length === 3 && l.shape[0] > 1 && l.shape[1] > 1);
  if (!maps.length) throw new Error(`${model.id}: no layer with a spatial map`);
  return maps[maps.length - 1].name;
}

function argmin(values: Float32Array): number {
  let at = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[at]) at = i;
  return at;
}

export async function occlusionMap(model: ZooModel, x01: tf.Tensor4D, o: OcclusionOptions): Promise<OcclusionMap> {
  const [h, w] = model.inputSize;
  if (x01.shape[1] !== h || x01.shape[2] !== w) throw new Error(`image is ${x01.shape[1]}x${x01.shape[2]}, ${model.id} takes ${h}x${w}`);
  const ys = positions(h, o.size, o.stride), xs = positions(w, o.size, o.stride);
  const layer = o.layer ?? deepestMapLayer(model);
  const fill = o.fill ?? 0.5, batch = o.batch ?? 8;
  const [probs, act] = tf.tidy(() => [model.probabilities(x01), model.activations(x01, [layer])[0]]);
  const p0 = await probs.data();
  const classIndex = o.classIndex ?? p0.indexOf(Math.max(...p0));
  if (!(classIndex >= 0 && classIndex < model.labels.length)) throw new Error(`class ${classIndex} out of range`);
  const channelTotals = tf.tidy(() => tf.sum(tf.reshape(act, [-1, act.shape.at(-1)!]), 0));
  // strongest = largest total activation over the map (a capped ReLU6 ties many channels at their max)
  const totals = await channelTotals.data();
  const channel = totals.indexOf(Math.max(...totals));
  const intactActivation = totals[channel];
  tf.dispose([probs, act, channelTotals]);

  const total = ys.length * xs.length;
  const probability = new Float32Array(total), activation = new Float32Array(total);
  for (let start = 0; start < total; start += batch) {
    const n = Math.min(batch, total - start);
    const [pr, ac] = tf.tidy(() => {
      // a mask per position: 1 outside the square, 0 inside
      const masks = new Float32Array(n * h * w).fill(1);
      for (let k = 0; k < n; k++) {
        const i = start + k, y0 = ys[Math.floor(i / xs.length)], x0 = xs[i % xs.length];
        for (let y = y0; y < y0 + o.size; y++) masks.fill(0, k * h * w + y * w + x0, k * h * w + y * w + x0 + o.size);
      }
      const m = tf.tensor4d(masks, [n, h, w, 1]);
      const occluded = tf.add(tf.mul(x01, m), tf.mul(tf.sub(1, m), fill)) as tf.Tensor4D;
      const p = tf.slice(model.probabilities(occluded), [0, classIndex], [n, 1]).reshape([n]);
      const a = model.activations(occluded, [layer])[0];
      const c = tf.sum(tf.reshape(tf.slice(a, [0, 0, 0, channel], [n, -1, -1, 1]), [n, -1]), 1);
      return [p, c];
    });
    probability.set(await pr.data(), start);
    activation.set(await ac.data(), start);
    tf.dispose([pr, ac]);
    o.onProgress?.(start + n, total);
  }
  const at = argmin(probability), atA = argmin(activation);
  const where = (i: number) => ({row: Math.floor(i / xs.length), col: i % xs.length, y: ys[Math.floor(i / xs.length)], x: xs[i % xs.length]});
  return {
    rows: ys.length, cols: xs.length, size: o.size, stride: o.stride, ys, xs, classIndex, probability, activation, layer, channel,
    intact: {probability: p0[classIndex], activation: intactActivation},
    minimum: {probability: probability[at], ...where(at)},
    activationMinimum: {activation: activation[atA], ...where(atA)},
  };
}
