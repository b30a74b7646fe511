// BlurPool (Zhang 2019, "Making Convolutional Networks Shift-Invariant Again"): subsample
// only after a low-pass filter, so a 1-pixel shift of the input no longer flips the output.
// MaxBlurPool = max over 2x2 with stride 1 (the max evaluated densely), then a fixed
// binomial blur [1,2,1] x [1,2,1] / 16 per channel, sampled with stride 2 (zero padding).
// The blur is written as two 2x2 average pools ([1,1]/2 * [1,1]/2 = [1,2,1]/4 per axis): the
// same numbers as a depthwise conv with the binomial filter, but with kernels and gradients
// that every tfjs backend, wasm included, has natively.
import * as tf from "@tensorflow/tfjs";

export interface BlurPoolConfig {
  /** Take the dense 2x2 max first (MaxBlurPool); false = blur-subsample only. */
  maxPool?: boolean;
  name?: string;
  trainable?: boolean;
}

/** Binomial blur [1,2,1]^T[1,2,1]/16 with stride 2, zero-padded: output size ceil(h/2). */
export function binomialBlurDownsample(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    // pad 1 on each side, plus 1 more bottom/right for odd sizes so the output is ceil(h/2)
    const padded = tf.pad(x, [[0, 0], [1, 1 + (h % 2)], [1, 1 + (w % 2)], [0, 0]]);
    const pairs = tf.avgPool(padded, 2, 1, "valid");
    return tf.avgPool(pairs, 2, 2, "valid");
  });
}

/** Dense 2x2 max (stride 1), then the binomial blur-subsample. */
export function maxBlurPool(x: tf.Tensor4D, maxPool = true): tf.Tensor4D {
  return tf.tidy(() => binomialBlurDownsample(maxPool ? tf.maxPool(x, 2, 1, "same") : x));
}

/** The Keras layer, so saved models carry it by name ("BlurPool") and reload. */
export class BlurPool extends tf.layers.Layer {
  static className = "BlurPool";
  readonly maxPool: boolean;

  constructor(config: BlurPoolConfig = {}) {
    super(config);
    this.maxPool = config.maxPool ?? true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = inputShape as tf.Shape;
    const half = (d: number | null) => (d == null ? null : Math.ceil(d / 2));
    return [s[0], half(s[1]), half(s[2]), s[3]];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return maxBlurPool(x, this.maxPool);
  }

  getConfig(): tf.serialization.ConfigDict {
    return {...super.getConfig(), maxPool: this.maxPool};
  }
}

let registered = false;
/** Make `tf.loadLayersModel` know "BlurPool"; idempotent. The zoo calls it before loading. */
export function ensureCustomLayersRegistered(): void {
  if (registered) return;
  registered = true;
  tf.serialization.registerClass(BlurPool);
}
ensureCustomLayersRegistered();
