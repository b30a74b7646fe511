// Any tfjs LayersModel + its metadata -> a ZooModel: layer listing, activations at any layers
// (a cached sub-model per set of names, differentiable), logits found where the softmax is.
import * as tf from "@tensorflow/tfjs";
import {applyPreprocess} from "./preprocess.ts";
import type {LayerInfo, LayerKind, ModelSource, ZooModel} from "./types.ts";
import type {Preprocess} from "./registry.ts";

/** What travels with the weights: everything a ZooModel needs besides the network. */
export interface ZooMeta {
  id: string;
  name: string;
  inputSize: [number, number];
  /** Class names in the model's own output order. */
  labels: string[];
  preprocess: Preprocess;
  standardIndexOf?: number[];
  source?: ModelSource;
}

/** The ZooModel fields that come straight from the metadata, whatever the network's format. */
export function metaFields(meta: ZooMeta): Pick<ZooModel, "id" | "name" | "inputSize" | "labels" | "standardIndexOf" | "source"> {
  return {id: meta.id, name: meta.name, inputSize: meta.inputSize, labels: meta.labels, standardIndexOf: meta.standardIndexOf, source: meta.source};
}

const ACTIVATION_LAYERS = new Set(["ReLU", "LeakyReLU", "ELU", "PReLU", "ThresholdedReLU"]);
const POOL_LAYERS = new Set(["MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D"]);
/** Layers that only reshape or (at inference) pass through: skipped when looking for the softmax. */
const PASS_THROUGH = new Set(["Reshape", "Flatten", "Dropout"]);

type Config = Record<string, unknown>;
const configOf = (layer: tf.layers.Layer) => layer.getConfig() as Config;

export function layerKind(layer: tf.layers.Layer): LayerKind {
  const cls = layer.getClassName();
  if (cls === "InputLayer") return "input";
  if (cls === "DepthwiseConv2D") return "depthwise";
  if (/^(Conv2D|SeparableConv2D|Conv2DTranspose)$/.test(cls)) return "conv";
  if (POOL_LAYERS.has(cls)) return "pool";
  if (/BlurPool/.test(cls)) return "blurpool";
  if (cls === "Softmax" || (cls === "Activation" && configOf(layer).activation === "softmax")) return "softmax";
  if (cls === "Activation" || ACTIVATION_LAYERS.has(cls)) return "activation";
  if (cls === "BatchNormalization") return "norm";
  if (cls === "Dense") return "dense";
  return "other";
}

/** Kinds worth showing in a layer picker (batch norm and plumbing are left out). */
const LISTED: ReadonlySet<LayerKind> = new Set(["conv", "depthwise", "pool", "blurpool", "activation", "dense", "softmax"]);

const singleInput = (layer: tf.layers.Layer) => {
  const input = layer.input;
  return (Array.isArray(input) ? input[0] : input) as tf.SymbolicTensor;
};

function sourceLayer(t: tf.SymbolicTensor): tf.layers.Layer {
  return t.sourceLayer as tf.layers.Layer;
}

/**
 * How to get pre-softmax scores. Walk back from the output through reshapes and dropout:
 * - a softmax layer (Keras MobileNet's act_softmax, our "softmax") -> its input is the logits;
 * - a Dense with activation "softmax" -> recompute x W + b from the Dense's input;
 * - anything else (Tiny Darknet ends in global average pooling of a 1x1 conv, darknet applies
 *   the softmax outside the network) -> the output itself is the logits.
 */
type LogitsPlan = {tensor: tf.SymbolicTensor; dense?: tf.layers.Layer};

function planLogits(model: tf.LayersModel): LogitsPlan {
  let t = model.outputs[0];
  let layer = sourceLayer(t);
  while (PASS_THROUGH.has(layer.getClassName())) {
    t = singleInput(layer);
    layer = sourceLayer(t);
  }
  if (layerKind(layer) === "softmax") return {tensor: singleInput(layer)};
  if (layer.getClassName() === "Dense" && configOf(layer).activation === "softmax") return {tensor: singleInput(layer), dense: layer};
  if (configOf(layer).activation === "softmax") throw new Error(`${layer.name}: softmax inside a ${layer.getClassName()} layer is not supported`);
  return {tensor: model.outputs[0]};
}

const flatShape = (shape: tf.Shape | tf.Shape[]) => (Array.isArray(shape[0]) ? (shape as tf.Shape[])[0] : (shape as tf.Shape)).slice(1);

/** Output shapes at the native input size; runs zeros through when the model is size-agnostic. */
function layerInfos(model: tf.LayersModel, inputSize: [number, number]): LayerInfo[] {
  const listed = model.layers.filter((l) => LISTED.has(layerKind(l)));
  const shapes = listed.map((l) => flatShape(l.outputShape));
  const unknown = listed.filter((_, i) => shapes[i].some((d) => d == null));
  if (unknown.length) {
    const probe = tf.model({inputs: model.inputs, outputs: unknown.map((l) => l.output as tf.SymbolicTensor)});
    const known = tf.tidy(() => {
      const outs = probe.predict(tf.zeros([1, ...inputSize, 3])) as tf.Tensor | tf.Tensor[];
      return (Array.isArray(outs) ? outs : [outs]).map((o) => o.shape.slice(1));
    });
    unknown.forEach((l, j) => (shapes[listed.indexOf(l)] = known[j]));
  }
  return listed.map((l, i) => ({name: l.name, shape: shapes[i] as number[], kind: layerKind(l)}));
}

export function fromLayersModel(model: tf.LayersModel, meta: ZooMeta): ZooModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error(`${meta.id}: zoo models must have one input and one output`);
  const plan = planLogits(model);
  const classes = meta.labels.length;
  const subModels = new Map<string, tf.LayersModel>();
  const subModel = (outputs: tf.SymbolicTensor[], key: string) => {
    let m = subModels.get(key);
    if (!m) subModels.set(key, (m = tf.model({inputs: model.inputs, outputs})));
    return m;
  };
  const run = (m: tf.LayersModel, x: tf.Tensor): tf.Tensor[] => {
    const out = m.apply(x, {training: false}) as tf.Tensor | tf.Tensor[];
    return Array.isArray(out) ? out : [out];
  };
  const preprocess = (x: tf.Tensor4D): tf.Tensor4D =>
    applyPreprocess(meta.preprocess, x);

  const zoo: ZooModel = {
    ...metaFields(meta),
    layers: layerInfos(model, meta.inputSize),
    preprocess,
    activations(x, layerNames) {
      const unique = [...new Set(layerNames)];
      for (const n of unique) {
        if (!model.layers.some((l) => l.name === n)) throw new Error(`${meta.id}: no layer "${n}" (layers: ${zoo.layers.map((l) => l.name).join(", ")})`);
      }
      const m = subModel(unique.map((n) => model.getLayer(n).output as tf.SymbolicTensor), "act\0" + unique.join("\0"));
      return tf.tidy(() => {
        const outs = run(m, preprocess(x));
        return layerNames.map((n) => outs[unique.indexOf(n)]);
      });
    },
    logits(x) {
      const m = subModel([plan.tensor], "logits");
      return tf.tidy(() => {
        let z = run(m, preprocess(x))[0];
        if (plan.dense) {
          const [kernel, bias] = plan.dense.getWeights();
          z = bias ? tf.add(tf.matMul(z as tf.Tensor2D, kernel as tf.Tensor2D), bias) : tf.matMul(z as tf.Tensor2D, kernel as tf.Tensor2D);
        }
        return tf.reshape(z, [x.shape[0], classes]) as tf.Tensor2D;
      });
    },
    probabilities(x) {
      return tf.tidy(() => tf.softmax(zoo.logits(x)) as tf.Tensor2D);
    },
    dispose() {
      subModels.clear();
      model.dispose();
    },
  };
  return zoo;
}
