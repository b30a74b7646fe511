// The three backward rules of Zeiler & Fergus (2014, Sec. 2.1) and Springenberg et al. (2015,
// Fig. 1): one top-down pass through the network that differs only at the rectifiers.
//
//   forward     y = max(x, 0)
//   backprop    r = g · 1[x > 0]             (mask by the forward input: the true gradient)
//   deconvnet   r = g · 1[g > 0]             (rectify the backward signal; forget the forward pass)
//   guided      r = g · 1[x > 0] · 1[g > 0]  (both)
//
// Everything else (convolutions, batch norm at inference, average pooling, adds, concats) is
// passed backwards by its transpose, i.e. its ordinary gradient. Max pooling's gradient routes
// the signal to the position that won the forward max: exactly the deconvnet's "unpooling with
// switches", so it needs nothing of its own.
//
// Generalised to the rectifiers the zoo uses, as a product of two factors s(x) · s(g), with
// s the derivative of the unit's own nonlinearity (backprop keeps s(x), deconvnet s(g), guided both):
// - ReLU6 = min(max(x, 0), 6): s(x) = 1[0 < x ≤ 6] (tfjs's own convention at 6); on the backward signal only the rectifying
//   half applies, s(g) = 1[g > 0] (the cap at 6 is a fact about the forward pass, which the
//   deconvnet ignores).
// - leaky ReLU (slope a below 0): s(v) = 1 for v > 0, a otherwise; so the deconvnet passes
//   negative signals scaled by a, and guided backprop scales by a once per failed test (a² where
//   both fail).
// Other nonlinearities (sigmoid, tanh, ELU) keep their ordinary derivative under every rule.
//
// How the rule reaches every rectifier: tfjs keeps one gradient registry per kernel, and inside a
// gradient computation tfjs-core does not fuse an activation into a convolution or matMul
// (fused_util.shouldFuse is false for non-linear activations when gradientDepth > 0), so a
// tfjs-layers Conv2D with activation "relu" runs as Conv2D + Relu there. The rule therefore
// replaces the gradients of the kernels rectifiers are made of: Relu, Relu6, LeakyRelu, and the
// cap of a ReLU6 built as minimum(6, relu(x)) or clipByValue(relu(x), 0, 6) (tfjs-layers' two
// spellings). test/backward-rules.test.ts checks the result against a layer-by-layer reference
// with explicit masks on every zoo network kind, so a path that escaped the rule would show.
import * as tf from "@tensorflow/tfjs";

export const RULES = ["backprop", "deconvnet", "guided"] as const;
export type Rule = (typeof RULES)[number];

export function isRule(s: string): s is Rule {
  return (RULES as readonly string[]).includes(s);
}

type Grads = Record<string, () => tf.Tensor>;

/** s(v) for a rectifier with slope `leak` below 0 (0 for ReLU): 1 where v > 0, leak elsewhere. */
function slope(v: tf.Tensor, leak: number): tf.Tensor {
  return leak === 0 ? tf.cast(tf.greater(v, 0), "float32") : tf.where(tf.greater(v, 0), tf.onesLike(v), tf.fill(v.shape, leak));
}

/**
 * The backward signal through one rectifier under `rule`. `forward` is the factor s(x) the
 * forward pass gives (1[x>0], 1[0<x<6], or leaky), `leak` the slope the deconvnet uses on g.
 */
export function rectifierBackward(rule: Rule, g: tf.Tensor, forward: () => tf.Tensor, leak: number): tf.Tensor {
  return tf.tidy(() => {
    if (rule === "backprop") return tf.mul(g, forward());
    if (rule === "deconvnet") return tf.mul(g, slope(g, leak));
    return tf.mul(tf.mul(g, forward()), slope(g, leak));
  });
}

/** A broadcast scalar operand: the 6 of minimum(6, relu(x)). */
const isScalarLike = (t: tf.Tensor) => t.size === 1;

function reduceTo(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  return (axes.length ? tf.sum(g, axes) : g).reshape(shape);
}

function ruleConfigs(rule: Rule, previousMinimum: tf.GradConfig | undefined, previousClip: tf.GradConfig | undefined): tf.GradConfig[] {
  return [
    {
      kernelName: "Relu",
      inputsToSave: ["x"],
      gradFunc: (dy, saved): Grads => {
        const [x] = saved;
        return {x: () => rectifierBackward(rule, dy as tf.Tensor, () => slope(x, 0), 0)};
      },
    },
    {
      kernelName: "Relu6",
      inputsToSave: ["x"],
      gradFunc: (dy, saved): Grads => {
        const [x] = saved;
        return {x: () => rectifierBackward(rule, dy as tf.Tensor, () => tf.cast(tf.logicalAnd(tf.greater(x, 0), tf.lessEqual(x, 6)), "float32"), 0)};
      },
    },
    {
      kernelName: "LeakyRelu",
      inputsToSave: ["x"],
      gradFunc: (dy, saved, attrs): Grads => {
        const [x] = saved;
        const alpha = (attrs as {alpha: number}).alpha;
        return {x: () => rectifierBackward(rule, dy as tf.Tensor, () => slope(x, alpha), alpha)};
      },
    },
    {
      // The cap of a ReLU6: the deconvnet ignores it (forward-pass information); backprop and
      // guided keep its ordinary gradient. A minimum of two full tensors is not a cap: ordinary.
      kernelName: "Minimum",
      inputsToSave: ["a", "b"],
      gradFunc: (dy, saved, attrs): Grads => {
        const [a, b] = saved;
        const capped = isScalarLike(a) !== isScalarLike(b);
        if (rule !== "deconvnet" || !capped) return previousMinimum!.gradFunc(dy, saved, attrs) as Grads;
        const g = dy as tf.Tensor;
        const side = (t: tf.Tensor) => () => (isScalarLike(t) ? reduceTo(tf.zerosLike(g), t.shape) : g.clone());
        return {a: side(a), b: side(b)};
      },
    },
    {
      kernelName: "ClipByValue",
      inputsToSave: ["x"],
      gradFunc: (dy, saved, attrs): Grads => {
        const {clipValueMin} = attrs as {clipValueMin: number};
        // clipByValue(relu(x), 0, cap): the tfjs-layers ReLU layer with max_value; same as Minimum
        if (rule !== "deconvnet" || clipValueMin !== 0) return previousClip!.gradFunc(dy, saved, attrs) as Grads;
        return {x: () => (dy as tf.Tensor).clone()};
      },
    },
  ];
}

function currentGradient(kernel: string): tf.GradConfig | undefined {
  try {
    return tf.getGradient(kernel);
  } catch {
    return undefined;
  }
}

/**
 * Run `fn` (synchronous: tf.grad and friends) with the rectifiers' gradients replaced by `rule`,
 * and restore tfjs's own afterwards, even on error. Synchronous on purpose: nothing else can run
 * while the global registry holds the rule.
 */
export function withRule<T>(rule: Rule, fn: () => T): T {
  const kernels = ["Relu", "Relu6", "LeakyRelu", "Minimum", "ClipByValue"];
  const previous = kernels.map(currentGradient);
  const configs = ruleConfigs(rule, previous[3], previous[4]);
  for (const c of configs) tf.registerGradient(c);
  try {
    const out = fn();
    if (out instanceof Promise) throw new Error("withRule: fn must be synchronous (the gradient registry is global)");
    return out;
  } finally {
    kernels.forEach((k, i) => {
      const p = previous[i];
      if (p) tf.registerGradient(p);
      else tf.unregisterGradient(k);
    });
  }
}
