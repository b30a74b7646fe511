// The project's own networks: a small VGG-style CNN (3x3 convs + ReLU in pairs, three
// subsamplings, global average pooling, a linear classifier). Fully convolutional up to the
// pooling, so it accepts any input size (the shift chapter embeds images in larger canvases).
// Two variants that differ ONLY in how they subsample: "plain" = max-pool with stride 2,
// "blurpool" = Zhang's MaxBlurPool (dense max, binomial blur, stride 2).
import * as tf from "@tensorflow/tfjs";
import {deriveSeed} from "../random.ts";
import {BlurPool, ensureCustomLayersRegistered} from "./blurpool.ts";

export {ensureCustomLayersRegistered};

export type ShapeTexVariant = "plain" | "blurpool";

export interface ShapeTexNetOptions {
  variant: ShapeTexVariant;
  classes: number;
  seed: number;
  /** Channels of the three conv stages. */
  widths?: [number, number, number];
}

export const DEFAULT_WIDTHS: [number, number, number] = [16, 32, 64];

/** Layer names, input to output; the same for both variants. */
export const SHAPETEX_LAYERS = ["conv1_1", "conv1_2", "pool1", "conv2_1", "conv2_2", "pool2", "conv3_1", "conv3_2", "pool3", "gap", "logits", "softmax"] as const;

export function buildShapeTexNet({variant, classes, seed, widths = DEFAULT_WIDTHS}: ShapeTexNetOptions): tf.LayersModel {
  ensureCustomLayersRegistered();
  let layerIndex = 0;
  // every initializer gets its own seed, derived from the run's seed and the layer's position
  const init = () => tf.initializers.heNormal({seed: deriveSeed(seed, layerIndex++)});
  const conv = (filters: number, name: string) =>
    tf.layers.conv2d({filters, kernelSize: 3, padding: "same", activation: "relu", kernelInitializer: init(), name});
  const pool = (name: string): tf.layers.Layer =>
    variant === "blurpool" ? new BlurPool({name}) : tf.layers.maxPooling2d({poolSize: 2, strides: 2, padding: "same", name});

  const input = tf.input({shape: [null, null, 3], name: "input"});
  let x = input as tf.SymbolicTensor;
  widths.forEach((w, stage) => {
    x = conv(w, `conv${stage + 1}_1`).apply(x) as tf.SymbolicTensor;
    x = conv(w, `conv${stage + 1}_2`).apply(x) as tf.SymbolicTensor;
    x = pool(`pool${stage + 1}`).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.globalAveragePooling2d({name: "gap"}).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({units: classes, kernelInitializer: tf.initializers.glorotUniform({seed: deriveSeed(seed, layerIndex++)}), name: "logits"}).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.activation({activation: "softmax", name: "softmax"}).apply(x) as tf.SymbolicTensor;
  return tf.model({inputs: input, outputs: output, name: `shapetex_${variant}`});
}

/** The same weights, stopping at the logits (for a numerically sound cross-entropy). */
export function logitsModel(model: tf.LayersModel): tf.LayersModel {
  return tf.model({inputs: model.inputs, outputs: model.getLayer("logits").output as tf.SymbolicTensor});
}
