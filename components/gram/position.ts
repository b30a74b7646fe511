// "A Gram matrix ignores position", measured: shuffle an image's patches and compare the
// layer's features and its Gram matrix before and after, each as a relative distance.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {gramMatrix, relativeDistance} from "./gram.ts";
import {shufflePatches} from "./shuffle.ts";

export interface ShuffleComparison {
  /** ||F(shuffled) - F(x)|| / ||F(x)||: large, the features move with the content. */
  featureDistance: number;
  /** ||G(shuffled) - G(x)|| / ||G(x)||: small, the Gram matrix sums position out. */
  gramDistance: number;
  /** The shuffled image (the caller disposes it). */
  shuffled: tf.Tensor4D;
}

/** x: [1, h, w, 3] in [0, 1]; h and w should be multiples of `patch` (else cropped before comparing). */
export async function shuffleComparison(model: ZooModel, x: tf.Tensor4D, layer: string, {patch, seed = 0}: {patch: number; seed?: number}): Promise<ShuffleComparison> {
  const [, h, w] = x.shape;
  const hh = Math.floor(h / patch) * patch, ww = Math.floor(w / patch) * patch;
  const original = hh === h && ww === w ? x : x.slice([0, 0, 0, 0], [1, hh, ww, 3]);
  const shuffled = shufflePatches(original, patch, seed);
  try {
    const [f0, f1, g0, g1] = tf.tidy(() => {
      const [a0] = model.activations(original, [layer]), [a1] = model.activations(shuffled, [layer]);
      return [a0, a1, gramMatrix(a0), gramMatrix(a1)];
    });
    try {
      return {featureDistance: await relativeDistance(f1, f0), gramDistance: await relativeDistance(g1, g0), shuffled};
    } finally {
      tf.dispose([f0, f1, g0, g1]);
    }
  } catch (e) {
    shuffled.dispose(); // a failed comparison (a disposed model, an unknown layer) hands nothing back
    throw e;
  } finally {
    if (original !== x) original.dispose();
  }
}
