// One interface for every network in the zoo: ours, ImageNet, or brought by the reader.
// Chapters never know which kind they hold (the tfjs-models habit: preprocessing and
// labels travel with the model, never with the caller).
import type * as tf from "@tensorflow/tfjs";

export type LayerKind = "input" | "conv" | "depthwise" | "pool" | "blurpool" | "activation" | "norm" | "dense" | "softmax" | "other";

export interface LayerInfo {
  /** The name used everywhere (lab --layer, URLs, renders). */
  name: string;
  /** Output shape without the batch: [height, width, channels] for maps, [units] for vectors, at the model's native input size. */
  shape: number[];
  kind: LayerKind;
}

export interface Prediction {
  index: number; // in the model's own class order
  label: string;
  probability: number;
  /** For ImageNet models: the class's index in the standard ImageNet order (differs for darknet). */
  standardIndex?: number;
}

/** Where a model comes from, for credits next to every figure that uses it. */
export interface ModelSource {
  url: string;
  license: string;
  attribution: string;
}

export interface ZooModel {
  id: string;
  /** Human name, e.g. "MobileNet v1 0.25". */
  name: string;
  /** Native input size [height, width]. */
  inputSize: [number, number];
  /** Class names in the model's own output order. */
  labels: string[];
  /**
   * ImageNet models only: standardIndexOf[i] is the standard ImageNet index (0-999) of output i,
   * so chapters can compare models class by class (identity for standard-order models).
   */
  standardIndexOf?: number[];
  source?: ModelSource;
  /** Conv-net layers worth looking at, input to output. */
  layers: LayerInfo[];
  /** Images in, model input out: x is NHWC float RGB in [0, 1] at inputSize. */
  preprocess(x: tf.Tensor4D): tf.Tensor4D;
  /**
   * Activations of the named layers for images in [0, 1] (NHWC, at inputSize; the function
   * preprocesses). Differentiable: tf.grad through it gives input gradients.
   */
  activations(x: tf.Tensor4D, layerNames: string[]): tf.Tensor[];
  /** Pre-softmax class scores [batch, classes] for images in [0, 1]. Differentiable. */
  logits(x: tf.Tensor4D): tf.Tensor2D;
  /** Class probabilities [batch, classes] for images in [0, 1]. */
  probabilities(x: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}
