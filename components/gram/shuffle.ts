// Cut an image into square patches and put them back in a seeded random order. The Gram
// matrix sums over positions, so it barely notices (only the seams between patches are new),
// while the feature maps themselves change everywhere: the demonstration that a Gram matrix
// keeps texture and throws away layout.
import * as tf from "@tensorflow/tfjs";
import {makeRng} from "../random.ts";

/** The permutation of n patches used by shufflePatches (Fisher-Yates from the seed). */
export function patchPermutation(n: number, seed: number): number[] {
  return makeRng(seed).shuffle(Array.from({length: n}, (_, i) => i));
}

/**
 * Shuffle the patch x patch tiles of images [b, h, w, c]; h and w are first cropped (from the
 * top-left) to multiples of `patch`. Every image of the batch gets the same permutation.
 */
export function shufflePatches(x: tf.Tensor4D, patch: number, seed = 0): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  if (!Number.isInteger(patch) || patch < 1) throw new Error(`patch must be a positive integer, got ${patch}`);
  const gh = Math.floor(h / patch), gw = Math.floor(w / patch);
  if (gh < 1 || gw < 1) throw new Error(`patch ${patch} is larger than the image (${h}x${w})`);
  const perm = patchPermutation(gh * gw, seed);
  return tf.tidy(() => {
    const tiles = x.slice([0, 0, 0, 0], [b, gh * patch, gw * patch, c])
      .reshape([b, gh, patch, gw, patch, c]).transpose([1, 3, 0, 2, 4, 5]) // [gh, gw, b, p, p, c]
      .reshape([gh * gw, b, patch, patch, c]);
    const moved = tf.gather(tiles, tf.tensor1d(perm, "int32"));
    return moved.reshape([gh, gw, b, patch, patch, c]).transpose([2, 0, 3, 1, 4, 5]).reshape([b, gh * patch, gw * patch, c]) as tf.Tensor4D;
  });
}
