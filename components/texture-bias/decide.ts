// A zoo model's 16-category decisions on a batch of images (NHWC in [0, 1] at its input size).
// Only ImageNet models can answer in Geirhos et al.'s categories; the map from each model's
// own output order to the categories is built once per model.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {CATEGORIES, categoryOutputs, categoryProbabilities} from "./categories.ts";

export interface CategoryDecision {
  decision: string;
  /** The 16 category probabilities, alphabetical (CATEGORIES). */
  probabilities: number[];
}

const outputsByModel = new WeakMap<ZooModel, number[][]>();

export function isImageNetModel(model: ZooModel): boolean {
  return model.labels.length === 1000 || (model.standardIndexOf?.length ?? 0) === 1000;
}

export function modelCategoryOutputs(model: ZooModel): number[][] {
  if (!isImageNetModel(model)) throw new Error(`${model.id} is not an ImageNet classifier (${model.labels.length} classes), so it cannot answer in the 16 categories`);
  let o = outputsByModel.get(model);
  if (!o) outputsByModel.set(model, (o = categoryOutputs(model.standardIndexOf)));
  return o;
}

/** Decisions for every image of x01 (tensors freed before returning). */
export async function decideCategories(model: ZooModel, x01: tf.Tensor4D): Promise<CategoryDecision[]> {
  const outputs = modelCategoryOutputs(model);
  const p = tf.tidy(() => model.probabilities(x01));
  try {
    const [n, k] = p.shape, all = await p.data();
    return Array.from({length: n}, (_, i) => {
      const probabilities = categoryProbabilities(all.subarray(i * k, (i + 1) * k), outputs);
      let best = 0;
      for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
      return {decision: CATEGORIES[best], probabilities};
    });
  } finally {
    p.dispose();
  }
}
