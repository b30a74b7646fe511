// The Caffe layer semantics that tfjs does not have as such, written with ordinary
// differentiable tfjs ops (so input gradients and swapped ReLU gradient rules reach them):
// ceil-mode max pooling and cross-channel local response normalization.
import * as tf from "@tensorflow/tfjs";

/**
 * Caffe's pooled size (pooling_layer.cpp): ceil((size + 2 pad - kernel) / stride) + 1, then one
 * less if the last window would start inside the bottom/right padding only.
 */
export function caffePooledSize(size: number, kernel: number, stride: number, pad: number): number {
  let out = Math.ceil((size + 2 * pad - kernel) / stride) + 1;
  if (pad > 0 && (out - 1) * stride >= size + pad) out--;
  return Math.max(out, 1);
}

/** Caffe's convolution output size (floor, like tfjs with explicit padding). */
export function caffeConvSize(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

/**
 * Max pooling with Caffe's rounding up: pad `pad` on every side plus whatever the last window
 * needs on the bottom/right, all with -Infinity so padding never wins a max.
 */
export function maxPoolCeil(x: tf.Tensor4D, kernel: [number, number], stride: [number, number], pad: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    const oh = caffePooledSize(h, kernel[0], stride[0], pad[0]);
    const ow = caffePooledSize(w, kernel[1], stride[1], pad[1]);
    const extraH = Math.max(0, (oh - 1) * stride[0] + kernel[0] - (h + 2 * pad[0]));
    const extraW = Math.max(0, (ow - 1) * stride[1] + kernel[1] - (w + 2 * pad[1]));
    const padded = extraH || extraW || pad[0] || pad[1]
      ? tf.pad(x, [[0, 0], [pad[0], pad[0] + extraH], [pad[1], pad[1] + extraW], [0, 0]], -Infinity)
      : x;
    const pooled = tf.maxPool(padded, kernel, stride, "valid");
    // a window that starts in the padding only is dropped by caffePooledSize
    return pooled.shape[1] === oh && pooled.shape[2] === ow ? pooled : tf.slice(pooled, [0, 0, 0, 0], [-1, oh, ow, -1]);
  });
}

/**
 * Caffe LRN, ACROSS_CHANNELS: y = x / (k + alpha/n * sum of x^2 over the n channels centred on
 * each channel, zero beyond the edges)^beta. Built from pad + slices so every backend has it
 * with its gradient.
 */
export function lrnAcrossChannels(x: tf.Tensor4D, size: number, alpha: number, beta: number, k: number): tf.Tensor4D {
  if (size % 2 !== 1) throw new Error(`LRN local_size must be odd (got ${size})`);
  return tf.tidy(() => {
    const c = x.shape[3];
    const half = (size - 1) / 2;
    const sq = tf.pad(tf.square(x), [[0, 0], [0, 0], [0, 0], [half, half]]);
    let sum: tf.Tensor = tf.slice(sq, [0, 0, 0, 0], [-1, -1, -1, c]);
    for (let i = 1; i < size; i++) sum = tf.add(sum, tf.slice(sq, [0, 0, 0, i], [-1, -1, -1, c]));
    const scale = tf.add(tf.mul(sum, alpha / size), k);
    return tf.mul(x, tf.pow(scale, -beta)) as tf.Tensor4D;
  });
}
