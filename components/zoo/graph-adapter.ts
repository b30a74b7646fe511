// A tfjs graph model (converted from a TF SavedModel) + its metadata -> a ZooModel, so that a
// reader's own graph model works in every chapter. Layers are the graph's conv/pool/activation
// nodes (read from the GraphDef in the model.json); activations come from
// GraphModel.execute(x, nodeNames), which runs ordinary tfjs ops and so is differentiable.
import * as tf from "@tensorflow/tfjs";
import {applyPreprocess} from "./preprocess.ts";
import {metaFields, type ZooMeta} from "./adapter.ts";
import type {LayerInfo, LayerKind, ZooModel} from "./types.ts";

export interface GraphNode {
  name: string;
  op: string;
  input?: string[];
}

const KIND: Record<string, LayerKind> = {
  Conv2D: "conv", _FusedConv2D: "conv", FusedConv2D: "conv",
  DepthwiseConv2dNative: "depthwise", FusedDepthwiseConv2dNative: "depthwise",
  MaxPool: "pool", AvgPool: "pool", Mean: "pool",
  Relu: "activation", Relu6: "activation", LeakyRelu: "activation", Elu: "activation", Sigmoid: "activation",
  MatMul: "dense", _FusedMatMul: "dense", Softmax: "softmax",
};

export function graphLayerKind(op: string): LayerKind {
  return KIND[op] ?? "other";
}

/** Nodes worth a layer picker, in graph order. */
export function listedNodes(nodes: GraphNode[]): GraphNode[] {
  return nodes.filter((n) => graphLayerKind(n.op) !== "other");
}

/** The GraphDef node list of a graph model.json's modelTopology. */
export function graphNodes(modelTopology: unknown): GraphNode[] {
  const nodes = (modelTopology as {node?: GraphNode[]})?.node;
  if (!Array.isArray(nodes)) throw new Error("graph model: modelTopology has no node list");
  return nodes;
}

export function fromGraphModel(model: tf.GraphModel, nodes: GraphNode[], meta: ZooMeta): ZooModel {
  if (model.inputs.length !== 1) throw new Error(`${meta.id}: the graph model has ${model.inputs.length} inputs; zoo models take one image`);
  const inputName = model.inputs[0].name;
  const listed = listedNodes(nodes);
  const softmax = [...listed].reverse().find((n) => n.op === "Softmax");
  const logitsNode = softmax?.input?.[0]?.replace(/:\d+$/, "").replace(/^\^/, "") ?? model.outputs[0].name;
  const preprocess = (x: tf.Tensor4D): tf.Tensor4D => applyPreprocess(meta.preprocess, x);
  const exec = (x: tf.Tensor4D, names: string[]) => {
    const out = model.execute({[inputName]: preprocess(x)}, names);
    return Array.isArray(out) ? out : [out];
  };
  // shapes at the native size, by one forward pass of zeros
  const shapes = tf.tidy(() => exec(tf.zeros([1, ...meta.inputSize, 3]) as tf.Tensor4D, listed.map((n) => n.name)).map((t) => t.shape.slice(1)));
  const layers: LayerInfo[] = listed.map((n, i) => ({name: n.name, shape: shapes[i], kind: graphLayerKind(n.op)}));
  const classes = meta.labels.length;
  const zoo: ZooModel = {
    ...metaFields(meta),
    layers,
    preprocess,
    activations(x, layerNames) {
      for (const n of layerNames) if (!layers.some((l) => l.name === n)) throw new Error(`${meta.id}: no layer "${n}"`);
      return tf.tidy(() => exec(x, layerNames));
    },
    logits(x) {
      return tf.tidy(() => tf.reshape(exec(x, [logitsNode])[0], [x.shape[0], classes]) as tf.Tensor2D);
    },
    probabilities(x) {
      return tf.tidy(() => tf.softmax(zoo.logits(x)) as tf.Tensor2D);
    },
    dispose() {
      model.dispose();
    },
  };
  return zoo;
}
