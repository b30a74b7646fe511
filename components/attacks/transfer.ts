// Transfer (Szegedy et al. 2013, "Intriguing properties of neural networks", section 4.2):
// an adversarial image made against one network often fools another one trained separately.
// A tested network sees the image resized to its own input size; "fooled" means its top-1
// changed from what it said about the original. Class orders differ between networks
// (Darknet's is not the standard one), so classes are compared through the standard
// ImageNet index where the model has one.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {top1} from "./gradient.ts";

export interface TransferOutcome {
  model: string;
  before: {index: number; label: string; probability: number; standardIndex?: number};
  after: {index: number; label: string; probability: number; standardIndex?: number};
  changed: boolean;
}

/** x [1, h, w, 3] in [0, 1] at the model's input size (bilinear, with antialiasing off: the sizes are close). */
export function atInputSize(model: ZooModel, x: tf.Tensor4D): tf.Tensor4D {
  const [h, w] = model.inputSize;
  if (x.shape[1] === h && x.shape[2] === w) return x.clone();
  return tf.tidy(() => tf.image.resizeBilinear(x, [h, w], false, true).clipByValue(0, 1) as tf.Tensor4D);
}

function describe(model: ZooModel, t: {index: number; probability: number}) {
  const s = model.standardIndexOf?.[t.index];
  return {index: t.index, label: model.labels[t.index] ?? String(t.index), probability: t.probability, ...(s === undefined ? {} : {standardIndex: s})};
}

/** How `model` classifies the original and the adversarial image. */
export async function transferTo(model: ZooModel, original: tf.Tensor4D, adversarial: tf.Tensor4D): Promise<TransferOutcome> {
  const a = atInputSize(model, original), b = atInputSize(model, adversarial);
  try {
    const before = describe(model, await top1(model, a)), after = describe(model, await top1(model, b));
    return {model: model.id, before, after, changed: before.index !== after.index};
  } finally {
    tf.dispose([a, b]);
  }
}

export interface RateCell {
  /** Images whose top-1 changed. */
  changed: number;
  /** Images tried. */
  n: number;
  rate: number;
}

/** Fold per-image outcomes into a rate with its n. */
export function rate(outcomes: readonly boolean[]): RateCell {
  const changed = outcomes.filter(Boolean).length;
  return {changed, n: outcomes.length, rate: outcomes.length ? changed / outcomes.length : NaN};
}
