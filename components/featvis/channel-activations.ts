// "Which channels fire on this image": each channel's mean activation over space.
import * as tf from "@tensorflow/tfjs";
import {readAndDispose} from "../tf/read.ts";
import type {ZooModel} from "../zoo/types.ts";

/**
 * x01: one image [1, h, w, 3] in [0, 1] at the model's input size. Read asynchronously: a
 * synchronous read destroys the device on WebGPU's software adapter (docs/benchmarks.md).
 */
export async function meanChannelActivations(model: ZooModel, x01: tf.Tensor4D, layer: string): Promise<Float32Array> {
  return (await readAndDispose(tf.tidy(() => {
    const [a] = model.activations(x01, [layer]);
    return a.mean(a.rank === 4 ? [0, 1, 2] : [0]);
  }))) as Float32Array;
}
