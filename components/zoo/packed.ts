// One file per model for both Node and the browser (a page gets it with
// FileAttachment(...).arrayBuffer()). Layout, little-endian:
//   "ZOO1" | uint32 header length | header JSON (UTF-8, space-padded to 4 bytes) | weight bytes
// header = {meta, modelTopology, weightSpecs, weightBytes}. Loaded with tf.io.fromMemory, so
// nothing here touches Node or the network.
import * as tf from "@tensorflow/tfjs";
import {ensureCustomLayersRegistered} from "../models/blurpool.ts";
import {fromLayersModel, type ZooMeta} from "./adapter.ts";
import type {ZooModel} from "./types.ts";
import {isTfliteHeader, loadTflitePacked} from "../tflite/packed.ts";
import {isCaffeTopology, loadCaffeFromArtifacts} from "./caffe/packed.ts";

const MAGIC = "ZOO1";

/** A tfjs layers model.json: topology plus the weight manifest (paths are ignored here). */
export interface ModelJson {
  modelTopology: object;
  weightsManifest?: Array<{paths: string[]; weights: tf.io.WeightsManifestEntry[]}>;
  weightSpecs?: tf.io.WeightsManifestEntry[];
}

interface Header {
  meta: ZooMeta;
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightBytes: number;
}

export function weightSpecsOf(json: ModelJson): tf.io.WeightsManifestEntry[] {
  return json.weightSpecs ?? (json.weightsManifest ?? []).flatMap((group) => group.weights);
}

/** Bytes the specs call for, to catch truncated or mismatched weight data early. */
function expectedBytes(specs: tf.io.WeightsManifestEntry[]): number {
  const width: Record<string, number> = {float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8};
  return specs.reduce((sum, s) => {
    const dtype = s.quantization?.dtype ?? s.dtype;
    if (!(dtype in width)) throw new Error(`weight ${s.name}: unsupported dtype ${dtype}`);
    return sum + s.shape.reduce((a, b) => a * b, 1) * width[dtype];
  }, 0);
}

export function packModel(meta: ZooMeta, modelJson: ModelJson, weightData: ArrayBuffer): Uint8Array {
  const weightSpecs = weightSpecsOf(modelJson);
  const expected = expectedBytes(weightSpecs);
  if (expected !== weightData.byteLength) throw new Error(`${meta.id}: weight data has ${weightData.byteLength} bytes, the manifest asks for ${expected}`);
  const header: Header = {meta, modelTopology: modelJson.modelTopology, weightSpecs, weightBytes: weightData.byteLength};
  let json = JSON.stringify(header);
  let headerBytes = new TextEncoder().encode(json);
  const pad = (4 - ((8 + headerBytes.length) % 4)) % 4; // weights start 4-aligned (Float32Array views)
  if (pad) headerBytes = new TextEncoder().encode((json += " ".repeat(pad)));
  const out = new Uint8Array(8 + headerBytes.length + weightData.byteLength);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  out.set(new Uint8Array(weightData), 8 + headerBytes.length);
  return out;
}

export function unpackModel(bytes: ArrayBuffer | Uint8Array): Header & {weightData: ArrayBuffer} {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.length < 8 || new TextDecoder().decode(u8.subarray(0, 4)) !== MAGIC) throw new Error("not a packed zoo model (bad magic; expected ZOO1)");
  const length = new DataView(u8.buffer, u8.byteOffset, u8.byteLength).getUint32(4, true);
  if (8 + length > u8.length) throw new Error("packed zoo model is truncated (header)");
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(8, 8 + length))) as Header;
  const start = 8 + length;
  if (u8.length - start !== header.weightBytes) throw new Error(`packed zoo model ${header.meta?.id}: expected ${header.weightBytes} weight bytes, found ${u8.length - start}`);
  // copy out: tfjs wants an ArrayBuffer of exactly the weights
  const weightData = u8.slice(start).buffer;
  return {...header, weightData};
}

/** Model json + concatenated weights + meta -> ZooModel; shared by the packed loader and Node. */
export async function loadFromArtifacts(meta: ZooMeta, modelJson: ModelJson, weightData: ArrayBuffer): Promise<ZooModel> {
  if (isCaffeTopology(modelJson.modelTopology)) return loadCaffeFromArtifacts(meta, modelJson.modelTopology, weightSpecsOf(modelJson), weightData);
  ensureCustomLayersRegistered(); // our blur-pool models carry a custom layer class
  const model = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: modelJson.modelTopology, weightSpecs: weightSpecsOf(modelJson), weightData}));
  return fromLayersModel(model, meta);
}

export async function loadPackedModel(bytes: ArrayBuffer | Uint8Array): Promise<ZooModel> {
  const unpacked = unpackModel(bytes);
  if (isTfliteHeader(unpacked)) return loadTflitePacked(unpacked, unpacked.weightData); // TFLite zoo models: converted here
  const {meta, modelTopology, weightSpecs, weightData} = unpacked;
  if (isCaffeTopology(modelTopology)) return loadCaffeFromArtifacts(meta, modelTopology, weightSpecs, weightData); // GoogLeNet
  return loadFromArtifacts(meta, {modelTopology, weightSpecs}, weightData);
}
