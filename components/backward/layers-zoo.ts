// A packed zoo model (components/zoo/packed.ts) opened so that both faces are at hand: the
// ZooModel every chapter uses, and the tfjs LayersModel behind it, whose weights the sanity
// check (sanity.ts) re-draws layer by layer. The two share one set of weights.
import * as tf from "@tensorflow/tfjs";
import {ensureCustomLayersRegistered} from "../models/blurpool.ts";
import {fromLayersModel} from "../zoo/adapter.ts";
import {unpackModel} from "../zoo/packed.ts";
import type {ZooModel} from "../zoo/types.ts";
import {isTfliteHeader} from "../tflite/packed.ts";
import {translateTflite} from "../tflite/reader.ts";

export interface LayersZoo {
  zoo: ZooModel;
  layers: tf.LayersModel;
}

export async function loadPackedWithLayers(bytes: ArrayBuffer | Uint8Array): Promise<LayersZoo> {
  const unpacked = unpackModel(bytes);
  const {meta} = unpacked;
  if (isTfliteHeader(unpacked)) {
    const t = translateTflite(new Uint8Array(unpacked.weightData), unpacked.tflite?.dropLeadingClasses ?? 0);
    return {zoo: fromLayersModel(t.model, {...meta, inputSize: t.inputSize}), layers: t.model};
  }
  ensureCustomLayersRegistered();
  const layers = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: unpacked.modelTopology, weightSpecs: unpacked.weightSpecs, weightData: unpacked.weightData}));
  return {zoo: fromLayersModel(layers, meta), layers};
}
