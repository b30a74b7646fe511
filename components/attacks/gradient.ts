// The gradient attacks follow: of an objective (components/featvis/objectives.ts: a class's
// log-probability, a logit...) with respect to the input image. Attacks and feature
// visualization share one vocabulary of objectives; only the update rule differs.
import * as tf from "@tensorflow/tfjs";
import {readScalar} from "../tf/read.ts";
import type {ZooModel} from "../zoo/types.ts";
import {activationsFor} from "../featvis/render.ts";
import {classLogProbability, type Objective} from "../featvis/objectives.ts";
import {registerWasmBackpropKernels} from "../tf/wasm-gradients.ts";

/** d objective / d x for images x in [0, 1] at the model's input size. */
export function inputGradient(model: ZooModel, objective: Objective, x: tf.Tensor4D): tf.Tensor4D {
  if (tf.getBackend() === "wasm") registerWasmBackpropKernels();
  return tf.tidy(() => tf.grad((v: tf.Tensor) => {
    const acts = activationsFor(model, objective.layers, v as tf.Tensor4D);
    acts.set("input", v);
    return objective.value(acts);
  })(x) as tf.Tensor4D);
}

/**
 * The direction an attack moves in: towards the target class (targeted), or away from the
 * label (untargeted: up the cross-entropy of the label, i.e. down its log-probability).
 */
export function attackObjective(label: number, target?: number): Objective {
  return target === undefined ? classLogProbability(label).times(-1) : classLogProbability(target);
}

/**
 * The model's top-1 class and its probability for the first image of x. Read asynchronously:
 * a synchronous read destroys the device on WebGPU's software adapter (docs/benchmarks.md).
 */
export async function top1(model: ZooModel, x: tf.Tensor4D): Promise<{index: number; probability: number}> {
  const [i, p] = tf.tidy(() => {
    const probs = model.probabilities(x).slice([0, 0], [1, -1]);
    return [probs.argMax(1), probs.max(1)];
  });
  try {
    const [index, probability] = await Promise.all([i.data(), p.data()]);
    return {index: index[0], probability: probability[0]};
  } finally {
    tf.dispose([i, p]);
  }
}

/** Probability of class k for the first image of x. */
export async function probabilityOf(model: ZooModel, x: tf.Tensor4D, k: number): Promise<number> {
  return readScalar(tf.tidy(() => model.probabilities(x).slice([0, k], [1, 1])));
}

export function checkClass(model: ZooModel, k: number, what = "class"): void {
  if (!Number.isInteger(k) || k < 0 || k >= model.labels.length) throw new Error(`${what} ${k} out of range: ${model.id} has ${model.labels.length} classes (0-${model.labels.length - 1})`);
}
