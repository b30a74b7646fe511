// The k most probable classes of one image, in the model's own order (plus the standard
// ImageNet index where the model's order differs, so models can be compared class by class).
import * as tf from "@tensorflow/tfjs";
import type {Prediction, ZooModel} from "./types.ts";

/** Top-k of a probability vector. */
export function topKOf(probabilities: ArrayLike<number>, labels: string[], k: number, standardIndexOf?: number[]): Prediction[] {
  const order = Array.from({length: probabilities.length}, (_, i) => i).sort((a, b) => probabilities[b] - probabilities[a] || a - b);
  return order.slice(0, k).map((index) => ({
    index,
    label: labels[index] ?? String(index),
    probability: probabilities[index],
    ...(standardIndexOf ? {standardIndex: standardIndexOf[index]} : {}),
  }));
}

/** Top-k predictions for the first image of x01 ([batch, h, w, 3] in [0, 1]). */
export async function topK(model: ZooModel, x01: tf.Tensor4D, k = 5): Promise<Prediction[]> {
  const p = tf.tidy(() => model.probabilities(x01.slice([0, 0, 0, 0], [1, -1, -1, -1])).squeeze([0]));
  try {
    return topKOf(await p.data(), model.labels, k, model.standardIndexOf);
  } finally {
    p.dispose();
  }
}
