// The losses that image optimisation minimises, as featvis Objectives (they name the
// activations they need and combine with plus / times), so "content + 1000 style + TV" is one
// expression and the natural-image priors are the feature-visualization chapter's own
// `totalVariation` and `l2` (re-exported here).
//
// Both feature losses are relative squared errors: the squared distance divided by the
// squared size of the target. Mahendran & Vedaldi (CVPR 2015, eq. 1 and Sec. 2) normalise the
// inversion loss this way; Gatys et al. instead scale by 1/(4 N^2 M^2) (NeurIPS 2015, eq. 2;
// CVPR 2016, eq. 4),
// which leaves layers of different networks at wildly different scales. Relative errors put
// every layer of every network on one scale: 1 means "as far off as an all-zero answer".
import * as tf from "@tensorflow/tfjs";
import {Objective, l2, totalVariation, type Activations} from "../featvis/objectives.ts";
import {gramMatrix} from "./gram.ts";

export {Objective, l2, totalVariation};
/** A loss is an Objective that optimizeImage minimises. */
export type Loss = Objective;

function need(acts: Activations, name: string): tf.Tensor {
  const t = acts.get(name);
  if (!t) throw new Error(`loss needs activations of "${name}", which were not computed`);
  return t;
}

/** ||a - t||^2 / ||t||^2 (t broadcast over a's batch). */
export function relativeSquaredError(a: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(a, target).square().sum().div(target.square().sum().mul(a.shape[0] / target.shape[0]).add(1e-12)) as tf.Scalar);
}

/**
 * Content (feature reconstruction) loss: how far the layer's activations are from `target`,
 * the activations of the original image (Mahendran & Vedaldi 2015; Gatys et al., "Image Style
 * Transfer Using Convolutional Neural Networks", CVPR 2016, eq. 1). The target must have the
 * shape the optimised image produces at that layer.
 */
export function contentLoss(layer: string, target: tf.Tensor, weight = 1): Loss {
  return new Objective([layer], (acts) => {
    const a = need(acts, layer);
    if (a.shape.slice(1).join() !== target.shape.slice(1).join()) throw new Error(`content loss on ${layer}: image gives ${a.shape.slice(1).join("x")}, target is ${target.shape.slice(1).join("x")}`);
    return relativeSquaredError(a, target).mul(weight) as tf.Scalar;
  }, `${weight}·content(${layer})`);
}

/**
 * Style (texture) loss of one layer: the distance between the Gram matrix of the image's
 * features and `targetGram` [1, c, c] (Gatys et al., NeurIPS 2015, eq. 2; CVPR 2016, eq. 4; both
 * scale by 1/(4 N^2 M^2) where we divide by the target's size). Positions are summed out, so
 * the image may have any size.
 */
export function gramLoss(layer: string, targetGram: tf.Tensor, weight = 1): Loss {
  return new Objective([layer], (acts) => relativeSquaredError(gramMatrix(need(acts, layer)), targetGram).mul(weight) as tf.Scalar, `${weight}·gram(${layer})`);
}

/**
 * The sum of per-layer Gram losses with equal weights summing to `weight`: Gatys et al.'s
 * L_style = sum_l w_l E_l (NeurIPS 2015, eq. 3; CVPR 2016, eq. 5, with w_l = 1/5 on five layers).
 */
export function styleLoss(targets: ReadonlyMap<string, tf.Tensor>, weight = 1): Loss {
  const layers = [...targets.keys()];
  if (!layers.length) throw new Error("style loss needs at least one layer");
  return layers.map((l) => gramLoss(l, targets.get(l)!, weight / layers.length)).reduce((a, b) => a.plus(b));
}
