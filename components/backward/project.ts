// A neuron's projection to pixel space (Zeiler & Fergus 2014, Sec. 2.1): pick units at a layer,
// keep their activations as the top-down signal (all other units of the layer set to zero), and
// pass it down to the image under a backward rule (rules.ts). For a class, the signal is 1 on
// its logit.
import * as tf from "@tensorflow/tfjs";
import {readAndDispose} from "../tf/read.ts";
import type {ZooModel} from "../zoo/types.ts";
import {withRule, type Rule} from "./rules.ts";

/**
 * What to look back from.
 * - channel, at "max": the single strongest unit of the channel (their Fig. 2: one activation
 *   projected at a time); at "all": the whole feature map of the channel (Sec. 2.1).
 * - logit: the pre-softmax score of one class (in the model's own class order).
 */
export type Target =
  | {kind: "channel"; layer: string; channel: number; units?: "max" | "all"}
  | {kind: "logit"; index: number};

export interface Projection {
  /** d(signal)/d(pixels) under the rule, [1, H, W, 3], in the [0, 1] RGB image's own space. */
  map: tf.Tensor4D;
  /** The strongest unit of the channel (feature-map row/col) and its activation; the logit for a class. */
  unit: {row: number; col: number; value: number};
}

export function describeTarget(t: Target): string {
  return t.kind === "logit" ? `logit ${t.index}` : `${t.layer} channel ${t.channel}${t.units === "all" ? " (whole map)" : ""}`;
}

function checkTarget(model: ZooModel, t: Target): void {
  if (t.kind === "logit") {
    if (!Number.isInteger(t.index) || t.index < 0 || t.index >= model.labels.length) throw new Error(`class index ${t.index} out of range 0..${model.labels.length - 1}`);
    return;
  }
  const layer = model.layers.find((l) => l.name === t.layer);
  if (!layer) throw new Error(`${model.id}: no layer "${t.layer}" (layers: ${model.layers.map((l) => l.name).join(", ")})`);
  const channels = layer.shape.at(-1)!;
  if (!Number.isInteger(t.channel) || t.channel < 0 || t.channel >= channels) throw new Error(`${t.layer} has channels 0..${channels - 1}, not ${t.channel}`);
}

/** The top-down signal at the target layer (activations `values` of shape `shape`): the chosen units' activations, zeros elsewhere. */
function seedOf(values: Float32Array | Int32Array | Uint8Array, shape: number[], t: Extract<Target, {kind: "channel"}>): {seed: Float32Array; unit: Projection["unit"]} {
  const channels = shape.at(-1)!;
  let best = -Infinity, at = 0;
  for (let i = t.channel; i < values.length; i += channels) if (values[i] > best) (best = values[i]), (at = i);
  const seed = new Float32Array(values.length);
  if (t.units === "all") for (let i = t.channel; i < values.length; i += channels) seed[i] = values[i];
  else seed[at] = best;
  const spatial = Math.floor(at / channels);
  const width = shape.length === 4 ? shape[2] : 1;
  return {seed, unit: {row: Math.floor(spatial / width), col: spatial % width, value: best}};
}

/** One image ([1, H, W, 3] in [0, 1] at the model's input size) projected from `target` under `rule`. */
export async function project(model: ZooModel, x01: tf.Tensor4D, target: Target, rule: Rule): Promise<Projection> {
  checkTarget(model, target);
  if (x01.shape[0] !== 1) throw new Error(`project: one image at a time (got a batch of ${x01.shape[0]})`);
  if (target.kind === "logit") {
    const value = (await readAndDispose(tf.tidy(() => model.logits(x01))))[target.index];
    const map = tf.tidy(() => {
      const seed = tf.oneHot([target.index], model.labels.length).toFloat();
      return withRule(rule, () => tf.grad((x: tf.Tensor) => model.logits(x as tf.Tensor4D))(x01, seed)) as tf.Tensor4D;
    });
    return {map, unit: {row: 0, col: 0, value}};
  }
  const a = tf.tidy(() => model.activations(x01, [target.layer])[0]);
  const shape = a.shape;
  const {seed, unit} = seedOf(await readAndDispose(a), shape, target);
  const map = tf.tidy(() => withRule(rule, () => tf.grad((x: tf.Tensor) => model.activations(x as tf.Tensor4D, [target.layer])[0])(x01, tf.tensor(seed, shape))) as tf.Tensor4D);
  return {map, unit};
}
