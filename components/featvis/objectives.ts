// What to maximise. An objective names the activations it needs and turns them into one
// scalar; objectives combine with plus / minus / times, so "channel 3 minus 0.1 x total
// variation" is `channel("conv2", 3).minus(totalVariation(0.1))` (the Lucid idea).
//
// Special activation names: "input" is the image the parameterization produced (before the
// robustness transforms, in [0, 1], NHWC) and "logits" is the model's pre-softmax output.
import * as tf from "@tensorflow/tfjs";

export type Activations = Map<string, tf.Tensor>;

export class Objective {
  constructor(
    /** Activation names the value needs: layer names, "input" or "logits". */
    readonly layers: string[],
    /** The quantity render() maximises. */
    readonly value: (acts: Activations) => tf.Scalar,
    readonly description: string,
  ) {}

  plus(other: Objective | number): Objective {
    const o = lift(other);
    return new Objective(union(this.layers, o.layers), (a) => tf.add(this.value(a), o.value(a)), `${this.description} + ${o.description}`);
  }

  minus(other: Objective | number): Objective {
    const o = lift(other);
    return new Objective(union(this.layers, o.layers), (a) => tf.sub(this.value(a), o.value(a)), `${this.description} - ${wrap(o.description)}`);
  }

  times(s: number): Objective {
    return new Objective(this.layers, (a) => tf.mul(this.value(a), s), `${s}·${wrap(this.description)}`);
  }
}

function lift(o: Objective | number): Objective {
  return typeof o === "number" ? new Objective([], () => tf.scalar(o), String(o)) : o;
}
function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}
function wrap(d: string): string {
  return /[+-]/.test(d) ? `(${d})` : d;
}

export const add = (a: Objective, b: Objective) => a.plus(b);
export const sub = (a: Objective, b: Objective) => a.minus(b);
export const scale = (a: Objective, s: number) => a.times(s);

function need(acts: Activations, name: string): tf.Tensor {
  const t = acts.get(name);
  if (!t) throw new Error(`objective needs activations of "${name}", which were not computed`);
  return t;
}

/** Channel k of a feature map [b, h, w, c] (or unit k of a vector [b, c]): its mean over the batch and space. */
export function channel(layer: string, k: number): Objective {
  return new Objective([layer], (acts) => {
    const a = need(acts, layer);
    const c = a.shape[a.rank - 1];
    if (k < 0 || k >= c) throw new Error(`channel ${k} out of range for ${layer} (${c} channels)`);
    const begin = a.shape.map(() => 0), size = a.shape.slice();
    begin[a.rank - 1] = k;
    size[a.rank - 1] = 1;
    return a.slice(begin, size).mean() as tf.Scalar;
  }, `channel(${layer}, ${k})`);
}

/** Channel k at the spatial centre of a feature map (one neuron), averaged over the batch. */
export function neuron(layer: string, k: number): Objective {
  return new Objective([layer], (acts) => {
    const a = need(acts, layer);
    if (a.rank !== 4) return channel(layer, k).value(acts); // a vector: the unit itself
    const [b, h, w, c] = a.shape;
    if (k < 0 || k >= c) throw new Error(`channel ${k} out of range for ${layer} (${c} channels)`);
    return a.slice([0, Math.floor(h / 2), Math.floor(w / 2), k], [b, 1, 1, 1]).mean() as tf.Scalar;
  }, `neuron(${layer}, ${k})`);
}

/** The pre-softmax score of class k (maximising the probability instead lets the net push the other classes down). */
export function classLogit(k: number): Objective {
  return new Objective(["logits"], (acts) => {
    const z = need(acts, "logits");
    const n = z.shape[1] ?? 0;
    if (k < 0 || k >= n) throw new Error(`class ${k} out of range (${n} classes)`);
    return z.slice([0, k], [z.shape[0], 1]).mean() as tf.Scalar;
  }, `logit(${k})`);
}

/**
 * weight x total variation of the image: the mean absolute difference between neighbouring
 * pixels (a mean, not tf.image's sum, so the weight does not depend on the image size).
 * A penalty: subtract it, e.g. `channel(...).minus(totalVariation(0.1))`.
 */
export function totalVariation(weight = 1): Objective {
  return new Objective(["input"], (acts) => {
    const x = need(acts, "input") as tf.Tensor4D;
    const [b, h, w, c] = x.shape;
    const dy = x.slice([0, 1, 0, 0], [b, h - 1, w, c]).sub(x.slice([0, 0, 0, 0], [b, h - 1, w, c])).abs().mean();
    const dx = x.slice([0, 0, 1, 0], [b, h, w - 1, c]).sub(x.slice([0, 0, 0, 0], [b, h, w - 1, c])).abs().mean();
    return dy.add(dx).mul(weight) as tf.Scalar;
  }, `${weight}·TV(input)`);
}

/** weight x mean squared distance of the image from mid-grey: a penalty against saturated colours. */
export function l2(weight = 1): Objective {
  return new Objective(["input"], (acts) => need(acts, "input").sub(0.5).square().mean().mul(weight) as tf.Scalar, `${weight}·L2(input)`);
}

/**
 * DeepDream's objective (Mordvintsev, Olah & Tyka 2015): the mean square of a layer's
 * activations, whose gradient is the activations themselves, so ascent amplifies whatever
 * the layer already sees in the image.
 */
export function deepdream(layer: string): Objective {
  return new Objective([layer], (acts) => need(acts, layer).square().mean() as tf.Scalar, `dream(${layer})`);
}

/**
 * The log-probability of class k (log-softmax of the logits), averaged over the batch: the
 * quantity a targeted attack raises (minus the cross-entropy loss for label k).
 */
export function classLogProbability(k: number): Objective {
  return new Objective(["logits"], (acts) => {
    const z = need(acts, "logits");
    const n = z.shape[1] ?? 0;
    if (k < 0 || k >= n) throw new Error(`class ${k} out of range (${n} classes)`);
    return tf.logSoftmax(z as tf.Tensor2D).slice([0, k], [z.shape[0], 1]).mean() as tf.Scalar;
  }, `log p(${k})`);
}
