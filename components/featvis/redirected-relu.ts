// The "redirected" ReLU gradient of Lucid (Olah et al. 2017, lucid.misc.redirected_relu_grad).
// At a random start many units of a ReLU6 network (MobileNet) sit below 0 or above 6, where
// the ordinary gradient is exactly zero: a channel that is dead everywhere never receives a
// gradient and its render stays grey. The redirected rule also lets the gradient through an
// inactive unit when the step would move that unit back towards its active range; it is used
// only for an example whose ordinary gradient is zero everywhere, and only for the first
// steps, after which the true gradient takes over.
//
// Signs: tfjs differentiates the loss (= -objective), and a descent step moves x by -dy, so
// dy > 0 pushes x lower and dy < 0 pushes it higher.
//
// The override is global (tfjs keeps one gradient registry), installed by render() and always
// restored. It covers the kernels ReLU6 is made of in practice: Relu6 (tf.relu6), Relu and
// Minimum (tfjs-layers' relu6 is minimum(6, relu(x))).
import * as tf from "@tensorflow/tfjs";

type Grads = Record<string, () => tf.Tensor>;

/** Per example (first axis), the ordinary gradient where any of it is non-zero, else the redirected one. */
function preferOrdinary(ordinary: tf.Tensor, redirected: tf.Tensor): tf.Tensor {
  if (ordinary.rank === 0) return ordinary;
  const b = ordinary.shape[0];
  const alive = ordinary.reshape([b, -1]).abs().max(1).greater(0);
  const mask = alive.reshape([b, ...ordinary.shape.slice(1).map(() => 1)]);
  return tf.where(mask.broadcastTo(ordinary.shape), ordinary, redirected);
}

/** The gradient configs that replace Relu, Relu6 and Minimum while redirection is on. */
function redirectedConfigs(): tf.GradConfig[] {
  const zero = (t: tf.Tensor) => tf.zerosLike(t);
  return [
    {
      kernelName: "Relu",
      inputsToSave: ["x"],
      gradFunc: (dy, saved): Grads => {
        const [x] = saved, g = dy as tf.Tensor;
        return {x: () => {
          const ordinary = tf.where(x.greater(0), g, zero(g));
          const redirected = tf.where(x.lessEqual(0).logicalAnd(g.greater(0)), zero(g), g);
          return preferOrdinary(ordinary, redirected);
        }};
      },
    },
    {
      kernelName: "Relu6",
      inputsToSave: ["x"],
      gradFunc: (dy, saved): Grads => {
        const [x] = saved, g = dy as tf.Tensor;
        return {x: () => {
          const ordinary = tf.where(x.greater(0).logicalAnd(x.less(6)), g, zero(g));
          const blocked = x.lessEqual(0).logicalAnd(g.greater(0)).logicalOr(x.greaterEqual(6).logicalAnd(g.less(0)));
          return preferOrdinary(ordinary, tf.where(blocked, zero(g), g));
        }};
      },
    },
    {
      kernelName: "Minimum",
      inputsToSave: ["a", "b"],
      gradFunc: (dy, saved): Grads => {
        const [a, b] = saved, g = dy as tf.Tensor;
        // An input of the full shape that lost the minimum still gets the gradient if the step
        // lowers it (dy > 0); a broadcast operand (the 6 of relu6) gets the ordinary gradient.
        const side = (mine: tf.Tensor, other: tf.Tensor, wins: tf.Tensor) => () => {
          const ordinary = tf.where(wins, g, zero(g));
          if (!tf.util.arraysEqual(mine.shape, g.shape)) return reduceTo(ordinary, mine.shape);
          const redirected = tf.where(wins.logicalNot().logicalAnd(g.less(0)), zero(g), g);
          return preferOrdinary(ordinary, redirected);
        };
        return {a: side(a, b, a.lessEqual(b)), b: side(b, a, b.less(a))};
      },
    },
  ];
}

/** Sum a broadcast gradient back down to `shape`. */
function reduceTo(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  const summed = axes.length ? g.sum(axes) : g;
  return summed.reshape(shape);
}

/** Install the redirected gradients; the returned function restores the previous ones. */
export function redirectReluGradients(): () => void {
  const configs = redirectedConfigs();
  const previous = configs.map((c) => {
    try {
      return tf.getGradient(c.kernelName);
    } catch {
      return undefined;
    }
  });
  for (const c of configs) tf.registerGradient(c);
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    configs.forEach((c, i) => {
      const p = previous[i];
      if (p) tf.registerGradient(p);
      else tf.unregisterGradient(c.kernelName);
    });
  };
}
