// Accuracy of a classifier on a ShapeTex batch (labels = shapes), in inference mode and in
// chunks so memory stays flat.
import * as tf from "@tensorflow/tfjs";
import type {ShapeTexBatch} from "../../components/datasets/shapetex.ts";

export interface Preprocess {
  scale: number;
  offset: number;
}

/** Predicted class per image: argmax of the model's output. */
export function predictClasses(model: tf.LayersModel, batch: ShapeTexBatch, pre: Preprocess, chunk = 100): Int32Array {
  const {size} = batch, px = size * size * 3, n = batch.shapes.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(batch.images.subarray(i * px, (i + m) * px), [m, size, size, 3]).mul(pre.scale).add(pre.offset);
      return (model.predict(x) as tf.Tensor).argMax(-1).dataSync();
    });
    out.set(pred, i);
  }
  return out;
}

export function accuracy(predicted: Int32Array, labels: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hits++;
  return hits / labels.length;
}

/** Fraction of images classified as their TEXTURE's partner shape (texture i <-> shape i). */
export function textureChoiceRate(predicted: Int32Array, textures: Int32Array): number {
  return accuracy(predicted, textures);
}
