// The fast gradient sign method (Goodfellow, Shlens & Szegedy 2014, "Explaining and Harnessing
// Adversarial Examples", section 4): one step of size ε along the sign of the input gradient
// of the loss. The sign spends the whole L∞ budget on every pixel value at once; on a linear
// enough network that moves the logits by ε times the L1 norm of the weights, which is
// large in high dimension even when ε is below one pixel level.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {attackObjective, checkClass, inputGradient, top1} from "./gradient.ts";
import {levelsToUnit} from "./norms.ts";

export interface FgsmOptions {
  /** The L∞ budget in pixel levels (out of 255). */
  epsilon: number;
  /** Targeted: step towards this class (one step; PGD does it better). */
  target?: number;
  /** Untargeted: the class to move away from; default the model's own top-1 on x. */
  label?: number;
}

/**
 * The sign of the gradient, the whole attack but its length: the same for every ε, so a page
 * computes it once per image and moves an ε slider with `fgsmStep` alone. Caller disposes.
 */
export async function fgsmDirection(model: ZooModel, x: tf.Tensor4D, {target, label}: Omit<FgsmOptions, "epsilon">): Promise<tf.Tensor4D> {
  if (target !== undefined) checkClass(model, target, "target");
  const from = label ?? (await top1(model, x)).index;
  checkClass(model, from, "label");
  return tf.tidy(() => inputGradient(model, attackObjective(from, target), x).sign() as tf.Tensor4D);
}

/** x moved ε pixel levels along `direction`, clipped to [0, 1]. */
export function fgsmStep(x: tf.Tensor4D, direction: tf.Tensor4D, epsilon: number): tf.Tensor4D {
  if (!(epsilon >= 0)) throw new Error(`epsilon must be >= 0 pixel levels, got ${epsilon}`);
  return tf.tidy(() => x.add(direction.mul(levelsToUnit(epsilon))).clipByValue(0, 1) as tf.Tensor4D);
}

/** The adversarial image [1, h, w, 3] in [0, 1] (the caller disposes it); x is at the model's input size. */
export async function fgsm(model: ZooModel, x: tf.Tensor4D, {epsilon, target, label}: FgsmOptions): Promise<tf.Tensor4D> {
  if (!(epsilon >= 0)) throw new Error(`epsilon must be >= 0 pixel levels, got ${epsilon}`);
  const direction = await fgsmDirection(model, x, {target, label});
  try {
    return fgsmStep(x, direction, epsilon);
  } finally {
    direction.dispose();
  }
}
