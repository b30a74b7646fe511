// A Caffe net (layers + weights) + its metadata -> a ZooModel.
import * as tf from "@tensorflow/tfjs";
import {metaFields, type ZooMeta} from "../adapter.ts";
import {applyPreprocess} from "../preprocess.ts";
import type {LayerInfo, LayerKind, ZooModel} from "../types.ts";
import {forward, layerShapes, publicNames, weightShapes, type CaffeLayer, type CaffeWeights} from "./net.ts";

export interface CaffeNetSpec {
  layers: CaffeLayer[];
  /** Caffe blob names -> the names the zoo uses (e.g. "inception_3a/output" -> "inception_3a"). */
  rename: Record<string, string>;
  /** The public name of the pre-softmax scores. */
  logits: string;
}

function kindOf(l: CaffeLayer, rectified: Set<string>): LayerKind {
  switch (l.type) {
    case "Convolution": return "conv";
    case "ReLU": return "activation";
    case "Pooling": return "pool";
    case "LRN": return "norm";
    case "InnerProduct": return "dense";
    case "Softmax": return "softmax";
    // an inception block's output concatenates rectified branches: itself a rectified map,
    // the layer Lucid and the papers visualise
    case "Concat": return l.bottom.every((b) => rectified.has(b)) ? "activation" : "other";
    default: return "other";
  }
}

/** Listed layers (input and dropout left out) with shapes at the native input size. */
export function caffeLayerInfos(spec: CaffeNetSpec, inputSize: [number, number]): LayerInfo[] {
  const names = publicNames(spec.layers, spec.rename);
  const shapes = layerShapes(spec.layers, inputSize);
  const rectified = new Set<string>();
  const infos: LayerInfo[] = [];
  for (const l of spec.layers) {
    if (l.type === "Input" || l.type === "Dropout") continue;
    const kind = kindOf(l, rectified);
    if (kind === "activation" || (l.type === "Pooling" && l.pool === "MAX" && l.bottom.every((b) => rectified.has(b)))) rectified.add(l.top);
    else rectified.delete(l.top);
    infos.push({name: names.get(l)!, shape: shapes.get(l)!, kind});
  }
  return infos;
}

export function checkCaffeWeights(spec: CaffeNetSpec, weights: CaffeWeights): void {
  for (const [key, shape] of Object.entries(weightShapes(spec.layers))) {
    const t = weights[key];
    if (!t) throw new Error(`caffe net: weight ${key} is missing`);
    if (t.shape.join("x") !== shape.join("x")) throw new Error(`caffe net: weight ${key} has shape ${t.shape.join("x")}, the net needs ${shape.join("x")}`);
  }
}

export function fromCaffeNet(spec: CaffeNetSpec, weights: CaffeWeights, meta: ZooMeta): ZooModel {
  checkCaffeWeights(spec, weights);
  const names = publicNames(spec.layers, spec.rename);
  const layers = caffeLayerInfos(spec, meta.inputSize);
  const known = new Set(layers.map((l) => l.name));
  const classes = meta.labels.length;
  const preprocess = (x: tf.Tensor4D) => applyPreprocess(meta.preprocess, x);
  const zoo: ZooModel = {
    ...metaFields(meta),
    layers,
    preprocess,
    activations(x, layerNames) {
      for (const n of layerNames) if (!known.has(n)) throw new Error(`${meta.id}: no layer "${n}" (layers: ${layers.map((l) => l.name).join(", ")})`);
      return tf.tidy(() => forward(spec.layers, names, weights, preprocess(x), layerNames));
    },
    logits(x) {
      return tf.tidy(() => tf.reshape(forward(spec.layers, names, weights, preprocess(x), [spec.logits])[0], [x.shape[0], classes]) as tf.Tensor2D);
    },
    probabilities(x) {
      return tf.tidy(() => tf.softmax(zoo.logits(x)) as tf.Tensor2D);
    },
    dispose() {
      for (const t of Object.values(weights)) t.dispose();
    },
  };
  return zoo;
}
