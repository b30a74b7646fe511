// A Caffe net in the zoo's packed file (components/zoo/packed.ts): the typed layer list goes
// where a layers model keeps its topology, the weights (our layout) are ordinary tfjs weight
// specs, so the same file can hold float32 or uint8-quantized weights.
import * as tf from "@tensorflow/tfjs";
import type {ZooMeta} from "../adapter.ts";
import type {ZooModel} from "../types.ts";
import type {CaffeWeights} from "./net.ts";
import {fromCaffeNet, type CaffeNetSpec} from "./zoo.ts";

export interface CaffeTopology {
  format: "caffe-net";
  spec: CaffeNetSpec;
}

export function isCaffeTopology(t: unknown): t is CaffeTopology {
  return !!t && typeof t === "object" && (t as {format?: unknown}).format === "caffe-net";
}

/** Tensors -> float32 weight specs + concatenated bytes (as a model.json would carry them). */
export async function caffeArtifacts(spec: CaffeNetSpec, weights: CaffeWeights): Promise<{modelJson: {modelTopology: CaffeTopology; weightSpecs: tf.io.WeightsManifestEntry[]}; weightData: ArrayBuffer}> {
  const {data, specs} = await tf.io.encodeWeights(weights);
  const weightData = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  return {modelJson: {modelTopology: {format: "caffe-net", spec}, weightSpecs: specs}, weightData};
}

export function loadCaffeFromArtifacts(meta: ZooMeta, topology: CaffeTopology, weightSpecs: tf.io.WeightsManifestEntry[], weightData: ArrayBuffer): ZooModel {
  const weights = tf.io.decodeWeights(weightData, weightSpecs) as CaffeWeights;
  return fromCaffeNet(topology.spec, weights, meta);
}
