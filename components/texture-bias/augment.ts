// Training-time augmentations that change what a small CNN can rely on (Hermann, Chen &
// Kornblith, NeurIPS 2020, Section 5, and Geirhos et al., ICLR 2019, Section 4 "Stylized
// ImageNet"). All act on a batch [n, h, w, 3] in [0, 1] and draw from a seeded stream.
import * as tf from "@tensorflow/tfjs";
import {UNINFORMATIVE_AGREEMENT} from "../datasets/shapetex.ts";
import type {Rng} from "../random.ts";

/**
 * Texture randomization, ShapeTex's "stylization": with probability r an image's texture is
 * redrawn uniformly at random, as Stylized-ImageNet replaces every texture by a random painting.
 * Its effect on the data is a lower chance that the texture is the shape's partner:
 *   P(partner) = a (1 - r) + r / 6.
 */
export function effectiveAgreement(textureAgreement: number, textureRandomization: number): number {
  return textureAgreement * (1 - textureRandomization) + textureRandomization * UNINFORMATIVE_AGREEMENT;
}

/**
 * Random-resized crop: a square covering a fraction in [minArea, 1] of the image, anywhere,
 * resized back to the full size. Small crops cut the shape and keep the texture.
 */
export function randomCrop(x: tf.Tensor4D, minArea: number, rng: Rng): tf.Tensor4D {
  if (minArea >= 1) return x.clone();
  const n = x.shape[0], boxes: number[] = [];
  for (let i = 0; i < n; i++) {
    const side = Math.sqrt(rng.uniform(minArea, 1));
    const y0 = rng.uniform(0, 1 - side), x0 = rng.uniform(0, 1 - side);
    boxes.push(y0, x0, y0 + side, x0 + side);
  }
  return tf.tidy(() => tf.image.cropAndResize(x, tf.tensor2d(boxes, [n, 4]), tf.range(0, n, 1, "int32") as tf.Tensor1D, [x.shape[1], x.shape[2]]));
}

/**
 * Colour jitter of strength s in [0, 1]: per image, brightness +/- 0.3 s, contrast x (1 +/- 0.5 s)
 * about the image mean, and a gain per channel x (1 +/- 0.5 s) that shifts the hue.
 */
export function colourJitter(x: tf.Tensor4D, strength: number, rng: Rng): tf.Tensor4D {
  if (strength <= 0) return x.clone();
  const n = x.shape[0], bright: number[] = [], contrast: number[] = [], gain: number[] = [];
  for (let i = 0; i < n; i++) {
    bright.push(rng.uniform(-0.3, 0.3) * strength);
    contrast.push(1 + rng.uniform(-0.5, 0.5) * strength);
    for (let c = 0; c < 3; c++) gain.push(1 + rng.uniform(-0.5, 0.5) * strength);
  }
  return tf.tidy(() => {
    const mean = x.mean([1, 2, 3], true);
    const c = tf.tensor4d(contrast, [n, 1, 1, 1]), b = tf.tensor4d(bright, [n, 1, 1, 1]), g = tf.tensor4d(gain, [n, 1, 1, 3]);
    return x.sub(mean).mul(c).add(mean).mul(g).add(b).clipByValue(0, 1) as tf.Tensor4D;
  });
}
