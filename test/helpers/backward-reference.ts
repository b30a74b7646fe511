// An independent reference for the backward rules: run a tfjs LayersModel (or a Caffe net) layer by layer
// (each fused activation split off and applied by hand), then walk the layers in reverse,
// passing the signal through each linear part by its vector-Jacobian product (tf.grad of that
// layer alone, which holds no rectifier) and through each rectifier by the rule's explicit mask.
// It never touches tfjs's gradient registry, so it cannot share a mistake with rules.ts.
import * as tf from "@tensorflow/tfjs";
import type {Rule} from "../../components/backward/rules.ts";
import {publicNames, step, type CaffeWeights} from "../../components/zoo/caffe/net.ts";
import type {CaffeNetSpec} from "../../components/zoo/caffe/zoo.ts";

type Act = {kind: "relu"; cap?: number} | {kind: "leaky"; alpha: number} | {kind: "linear"} | {kind: "other"; name: string};

/** The rectifier a layer applies after its linear part (or as its whole job). */
function activationOf(layer: tf.layers.Layer): Act {
  const cls = layer.getClassName();
  const cfg = layer.getConfig() as Record<string, unknown>;
  if (cls === "ReLU") return cfg.max_value == null && cfg.maxValue == null ? {kind: "relu"} : {kind: "relu", cap: Number(cfg.max_value ?? cfg.maxValue)};
  if (cls === "LeakyReLU") return {kind: "leaky", alpha: Number(cfg.alpha)};
  const name = (cfg.activation as string | undefined) ?? "linear";
  if (name === "relu") return {kind: "relu"};
  if (name === "relu6") return {kind: "relu", cap: 6};
  if (name === "linear") return {kind: "linear"};
  return {kind: "other", name};
}

const IS_ACTIVATION_LAYER = new Set(["ReLU", "LeakyReLU", "Activation"]);

function applyAct(act: Act, x: tf.Tensor): tf.Tensor {
  if (act.kind === "linear") return x;
  if (act.kind === "relu") return act.cap == null ? tf.relu(x) : tf.clipByValue(tf.relu(x), 0, act.cap);
  if (act.kind === "leaky") return tf.leakyRelu(x, act.alpha);
  if (act.name === "softmax") return tf.softmax(x);
  throw new Error(`reference: activation ${act.name} not handled`);
}

/** The explicit mask of one rectifier under `rule` (rules.ts states the same definitions in words). */
function maskBackward(act: Act, rule: Rule, x: tf.Tensor, g: tf.Tensor): tf.Tensor {
  if (act.kind === "linear") return g;
  if (act.kind === "other") throw new Error(`reference: no backward rule for ${act.name}`);
  const leak = act.kind === "leaky" ? act.alpha : 0;
  const fwd = act.kind === "relu"
    ? tf.cast(act.cap == null ? tf.greater(x, 0) : tf.logicalAnd(tf.greater(x, 0), tf.lessEqual(x, act.cap)), "float32")
    : tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, leak));
  const bwd = tf.where(tf.greater(g, 0), tf.onesLike(g), tf.fill(g.shape, leak));
  if (rule === "backprop") return tf.mul(g, fwd);
  if (rule === "deconvnet") return tf.mul(g, bwd);
  return tf.mul(tf.mul(g, fwd), bwd);
}

/** The layer's linear part (its activation, if fused, switched off for the call). */
function applyLinear(layer: tf.layers.Layer, inputs: tf.Tensor[]): tf.Tensor {
  const holder = layer as unknown as {activation?: unknown};
  const saved = holder.activation;
  if (saved != null) holder.activation = LINEAR;
  try {
    return layer.apply(inputs.length === 1 ? inputs[0] : inputs, {training: false}) as tf.Tensor;
  } finally {
    if (saved != null) holder.activation = saved;
  }
}
const LINEAR = {apply: (x: tf.Tensor) => x, getClassName: () => "linear"};

/**
 * d(seed · layer output)/d(model input) under `rule`, computed layer by layer. `input` is the
 * model's own input (already preprocessed); returns [1, H, W, C] in the same space.
 */
export function referenceProjection(model: tf.LayersModel, input: tf.Tensor4D, targetLayer: string, seedOf: (a: tf.Tensor) => tf.Tensor, rule: Rule): tf.Tensor4D {
  return tf.tidy(() => {
    const pre = new Map<string, tf.Tensor>(); // input of the layer's rectifier
    const out = new Map<string, tf.Tensor>();
    const ins = new Map<string, tf.Tensor[]>();
    const parents = new Map<string, string[]>();
    for (const layer of model.layers) {
      if (layer.inboundNodes.length !== 1) throw new Error(`reference: ${layer.name} is used ${layer.inboundNodes.length} times`);
      const from = layer.inboundNodes[0].inboundLayers.map((l) => l.name);
      parents.set(layer.name, from);
      if (layer.getClassName() === "InputLayer") {
        out.set(layer.name, input);
        continue;
      }
      const xs = from.map((n) => out.get(n)!);
      ins.set(layer.name, xs);
      const act = activationOf(layer);
      if (IS_ACTIVATION_LAYER.has(layer.getClassName())) {
        pre.set(layer.name, xs[0]);
        out.set(layer.name, applyAct(act, xs[0]));
      } else {
        const z = applyLinear(layer, xs);
        pre.set(layer.name, z);
        out.set(layer.name, applyAct(act, z));
      }
      if (layer.name === targetLayer) break;
    }
    if (!out.has(targetLayer)) throw new Error(`reference: no layer ${targetLayer}`);
    const grads = new Map<string, tf.Tensor>([[targetLayer, seedOf(out.get(targetLayer)!)]]);
    const order = model.layers.slice(0, model.layers.findIndex((l) => l.name === targetLayer) + 1).reverse();
    for (const layer of order) {
      let g = grads.get(layer.name);
      if (!g) continue;
      if (layer.getClassName() === "InputLayer") return g as tf.Tensor4D;
      g = maskBackward(activationOf(layer), rule, pre.get(layer.name)!, g);
      const xs = ins.get(layer.name)!;
      const back = IS_ACTIVATION_LAYER.has(layer.getClassName()) ? [g] : tf.grads((...v: tf.Tensor[]) => applyLinear(layer, v))(xs, g);
      parents.get(layer.name)!.forEach((p, i) => grads.set(p, grads.has(p) ? tf.add(grads.get(p)!, back[i]) : back[i]));
    }
    throw new Error("reference: the signal never reached the input");
  });
}

/**
 * The same reference for a Caffe net (components/zoo/caffe/): run its layers one by one,
 * recording each ReLU's input; walk back from `targetLayer` (a public name), passing the signal
 * through every other layer by tf.grads of that layer's own step and through each ReLU by the
 * rule's explicit mask. Caffe rewrites blobs in place (a ReLU's top is its bottom), so values
 * are tracked per producing layer, not per blob name. Returns [1, H, W, C] in the net's input space.
 */
export function caffeReferenceProjection(spec: CaffeNetSpec, weights: CaffeWeights, input: tf.Tensor4D, targetLayer: string, seedOf: (a: tf.Tensor) => tf.Tensor, rule: Rule): tf.Tensor4D {
  return tf.tidy(() => {
    const names = publicNames(spec.layers, spec.rename);
    const producer = new Map<string, number>(); // blob -> index of the layer that wrote it last
    const ins: number[][] = [];
    const out: tf.Tensor[] = [];
    let target = -1;
    for (const [i, l] of spec.layers.entries()) {
      ins[i] = l.type === "Input" ? [] : l.bottom.map((b) => {
        const p = producer.get(b);
        if (p === undefined) throw new Error(`reference: ${l.name} reads ${b} before it exists`);
        return p;
      });
      out[i] = l.type === "Input" ? input : step(l, ins[i].map((p) => out[p]), weights);
      producer.set(l.top, i);
      if (names.get(l) === targetLayer) {
        target = i;
        break;
      }
    }
    if (target < 0) throw new Error(`reference: no layer ${targetLayer}`);
    const grads = new Map<number, tf.Tensor>([[target, seedOf(out[target])]]);
    const relu: Act = {kind: "relu"};
    for (let i = target; i >= 0; i--) {
      const g = grads.get(i);
      if (!g) continue;
      const l = spec.layers[i];
      if (l.type === "Input") return g as tf.Tensor4D;
      const xs = ins[i].map((p) => out[p]);
      // dropout is the identity at inference (and tf.grads refuses a function that returns its input)
      const back = l.type === "ReLU" ? [maskBackward(relu, rule, xs[0], g)] : l.type === "Dropout" ? [g] : tf.grads((...v: tf.Tensor[]) => step(l, v, weights))(xs, g);
      ins[i].forEach((p, k) => grads.set(p, grads.has(p) ? tf.add(grads.get(p)!, back[k]) : back[k]));
    }
    throw new Error("reference: the signal never reached the input");
  });
}
