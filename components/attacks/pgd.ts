// Iterated, projected gradient-sign steps (the basic iterative method of Kurakin, Goodfellow &
// Bengio 2016; "projected gradient descent" in Madry et al. 2018): many small FGSM steps,
// each followed by a projection back into the L∞ ball of radius ε around the original image
// and into [0, 1]. Targeted by default: it climbs the log-probability of one chosen class.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {makeRng} from "../random.ts";
import {attackObjective, checkClass, inputGradient, top1} from "./gradient.ts";
import {levelsToUnit, project} from "./norms.ts";

export interface PgdOptions {
  /** L∞ budget in pixel levels (out of 255); 255 means unconstrained (fooling images). */
  epsilon: number;
  /** Step size in pixel levels. */
  step: number;
  iterations: number;
  /** Class to reach (targeted); without it the attack moves away from `label`. */
  target?: number;
  /** Untargeted: the class to leave; default the model's top-1 on x. */
  label?: number;
  /** Stop as soon as the goal holds (target is top-1 with at least `confidence`; or the label is no longer top-1). */
  stopEarly?: boolean;
  /** With stopEarly and a target: the probability the target must reach (default: just top-1). */
  confidence?: number;
  /** Start at a seeded uniform point of the ε-ball rather than at x (Madry et al.). */
  randomStart?: boolean;
  seed?: number;
  onProgress?: (iteration: number, total: number, top: {index: number; probability: number}) => void;
  signal?: AbortSignal;
}

export interface PgdResult {
  /** [1, h, w, 3] in [0, 1]; the caller disposes it. */
  adversarial: tf.Tensor4D;
  iterations: number;
  /** Whether the goal held at the end. */
  reached: boolean;
  cancelled: boolean;
  top1: {index: number; probability: number};
}

function goal(top: {index: number; probability: number}, from: number, target: number | undefined, confidence: number): boolean {
  return target === undefined ? top.index !== from : top.index === target && top.probability >= confidence;
}

export async function pgd(model: ZooModel, x: tf.Tensor4D, options: PgdOptions): Promise<PgdResult> {
  const {epsilon, step, iterations, target, stopEarly = false, confidence = 0, randomStart = false, seed = 0, onProgress, signal} = options;
  if (!(epsilon >= 0)) throw new Error(`epsilon must be >= 0 pixel levels, got ${epsilon}`);
  if (!(step > 0)) throw new Error(`step must be > 0 pixel levels, got ${step}`);
  if (!Number.isInteger(iterations) || iterations < 0) throw new Error(`iterations must be an integer >= 0, got ${iterations}`);
  if (target !== undefined) checkClass(model, target, "target");
  const from = options.label ?? (await top1(model, x)).index;
  checkClass(model, from, "label");
  const eps = levelsToUnit(epsilon), alpha = levelsToUnit(step);
  const objective = attackObjective(from, target);

  let adv = tf.tidy(() => {
    if (!randomStart) return x.clone();
    const rng = makeRng(seed);
    const noise = Float32Array.from({length: x.size}, () => rng.uniform(-eps, eps));
    return project(x.add(tf.tensor(noise, x.shape)) as tf.Tensor4D, x, eps);
  });
  let done = 0, cancelled = false, top = await top1(model, adv);
  try {
    for (; done < iterations; ) {
      if (stopEarly && goal(top, from, target, confidence)) break;
      await tf.nextFrame();
      if (signal?.aborted) { cancelled = true; break; }
      const next = tf.tidy(() => project(adv.add(inputGradient(model, objective, adv).sign().mul(alpha)) as tf.Tensor4D, x, eps));
      adv.dispose();
      adv = next;
      done++;
      top = await top1(model, adv);
      onProgress?.(done, iterations, top);
    }
  } catch (e) {
    adv.dispose();
    throw e;
  }
  return {adversarial: adv, iterations: done, reached: goal(top, from, target, confidence), cancelled, top1: top};
}
