// A packed zoo model (components/zoo/packed.ts) opened so that both faces are at hand: the
// ZooModel every chapter uses, and the weights behind it, which the sanity check (sanity.ts)
// re-draws layer by layer. The two share one set of weights: a tfjs LayersModel's, or the
// weights record a Caffe net (GoogLeNet) reads on every forward pass.
import * as tf from "@tensorflow/tfjs";
import {ensureCustomLayersRegistered} from "../models/blurpool.ts";
import {fromLayersModel} from "../zoo/adapter.ts";
import {unpackModel} from "../zoo/packed.ts";
import {dequantizeChannels} from "../zoo/quantize.ts";
import type {ZooModel} from "../zoo/types.ts";
import {isTfliteHeader} from "../tflite/packed.ts";
import {translateTflite} from "../tflite/reader.ts";
import {isCaffeTopology} from "../zoo/caffe/packed.ts";
import {fromCaffeNet, type CaffeNetSpec} from "../zoo/caffe/zoo.ts";
import type {CaffeWeights} from "../zoo/caffe/net.ts";

/** One layer with a kernel (convolution, dense / InnerProduct): its weight tensors, read and replaced. */
export interface WeightedLayer {
  name: string;
  /** The layer's current weight tensors (owned by the model: do not dispose). */
  getWeights(): tf.Tensor[];
  /** Replace them with copies of `ws` (same order and shapes as getWeights gives). */
  setWeights(ws: tf.Tensor[]): void;
}

export interface LayersZoo {
  zoo: ZooModel;
  /** Layers with a kernel, bottom to top. */
  weighted: WeightedLayer[];
  /** The tfjs LayersModel behind `zoo`, for layers and TFLite models. */
  layers?: tf.LayersModel;
  /** The Caffe net behind `zoo` (GoogLeNet): its layer list and the weights record `zoo` reads. */
  caffe?: {spec: CaffeNetSpec; weights: CaffeWeights};
}

function layersWeighted(model: tf.LayersModel): WeightedLayer[] {
  return model.layers
    .filter((l) => l.getWeights().length > 0 && /Conv|Dense/.test(l.getClassName()))
    .map((l) => ({name: l.name, getWeights: () => l.getWeights(), setWeights: (ws) => l.setWeights(ws)}));
}

/** Convolutions and InnerProducts in layer order; their tensors live in `weights` under `${layer}/filter`, `${layer}/bias`. */
export function caffeWeighted(spec: CaffeNetSpec, weights: CaffeWeights): WeightedLayer[] {
  return spec.layers.filter((l) => l.type === "Convolution" || l.type === "InnerProduct").map((l) => {
    const keys = [`${l.name}/filter`, `${l.name}/bias`].filter((k) => k in weights);
    return {
      name: l.name,
      getWeights: () => keys.map((k) => weights[k]),
      setWeights(ws) {
        if (ws.length !== keys.length) throw new Error(`${l.name}: ${keys.length} weight tensors, got ${ws.length}`);
        keys.forEach((k, i) => {
          if (ws[i].shape.join("x") !== weights[k].shape.join("x")) throw new Error(`${k}: shape ${weights[k].shape.join("x")}, got ${ws[i].shape.join("x")}`);
          const old = weights[k];
          weights[k] = ws[i].clone(); // the zoo model reads the record on every call
          old.dispose();
        });
      },
    };
  });
}

function withLayers(zoo: ZooModel, layers: tf.LayersModel): LayersZoo {
  return {zoo, layers, weighted: layersWeighted(layers)};
}

export async function loadPackedWithLayers(bytes: ArrayBuffer | Uint8Array): Promise<LayersZoo> {
  const unpacked = unpackModel(bytes);
  const {meta} = unpacked;
  if (isTfliteHeader(unpacked)) {
    const t = translateTflite(new Uint8Array(unpacked.weightData), unpacked.tflite?.dropLeadingClasses ?? 0);
    return withLayers(fromLayersModel(t.model, {...meta, inputSize: t.inputSize}), t.model);
  }
  if (isCaffeTopology(unpacked.modelTopology)) {
    // as loadCaffeFromArtifacts does, but keeping the record fromCaffeNet reads from
    const {spec} = unpacked.modelTopology;
    const plain = dequantizeChannels(unpacked.weightSpecs, unpacked.weightData);
    const weights = tf.io.decodeWeights(plain.weightData, plain.weightSpecs) as CaffeWeights;
    return {zoo: fromCaffeNet(spec, weights, meta), caffe: {spec, weights}, weighted: caffeWeighted(spec, weights)};
  }
  ensureCustomLayersRegistered();
  const layers = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: unpacked.modelTopology, ...dequantizeChannels(unpacked.weightSpecs, unpacked.weightData)}));
  return withLayers(fromLayersModel(layers, meta), layers);
}
