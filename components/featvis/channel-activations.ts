// "Which channels fire on this image": each channel's mean activation over space.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";

/** x01: one image [1, h, w, 3] in [0, 1] at the model's input size. */
export function meanChannelActivations(model: ZooModel, x01: tf.Tensor4D, layer: string): Float32Array {
  return tf.tidy(() => {
    const [a] = model.activations(x01, [layer]);
    const axes = a.rank === 4 ? [0, 1, 2] : [0];
    return a.mean(axes).dataSync() as Float32Array;
  });
}
