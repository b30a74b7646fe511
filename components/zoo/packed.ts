// One file per model for both Node and the browser (a page gets it with
// FileAttachment(...).arrayBuffer()). Layout, little-endian:
//   "ZOO1" | uint32 header length | header JSON (UTF-8, space-padded to 4 bytes) | weight bytes
// header = {meta, modelTopology, weightSpecs, weightBytes[, version]}. Version 1 (no `version`
// field): float32 weights or tfjs's own per-tensor quantization. Version 2 (`version: 2`): some
// weights quantized per output channel (components/zoo/quantize.ts), which our loader turns
// back into float32 before tfjs sees them. Readers reject versions they do not know. Loaded
// with tf.io.fromMemory, so nothing here touches Node or the network.
import * as tf from "@tensorflow/tfjs";
import {ensureCustomLayersRegistered} from "../models/blurpool.ts";
import {fromLayersModel, type ZooMeta} from "./adapter.ts";
import type {ZooModel} from "./types.ts";
import {isTfliteHeader, loadTflitePacked} from "../tflite/packed.ts";
import {isCaffeTopology, loadCaffeFromArtifacts} from "./caffe/packed.ts";
import {dequantizeChannels, storedBytes, type WeightSpec} from "./quantize.ts";

const MAGIC = "ZOO1";
/** The newest header version this reader knows. */
export const PACKED_VERSION = 2;

/** A tfjs layers model.json: topology plus the weight manifest (paths are ignored here). */
export interface ModelJson {
  modelTopology: object;
  weightsManifest?: Array<{paths: string[]; weights: tf.io.WeightsManifestEntry[]}>;
  weightSpecs?: WeightSpec[];
}

interface Header {
  meta: ZooMeta;
  modelTopology: object;
  weightSpecs: WeightSpec[];
  weightBytes: number;
  /** Absent in version 1 files (so their bytes, and the keys hashed from them, stay as they were). */
  version?: number;
}

export function weightSpecsOf(json: ModelJson): WeightSpec[] {
  return json.weightSpecs ?? (json.weightsManifest ?? []).flatMap((group) => group.weights);
}

/** Bytes the specs call for, to catch truncated or mismatched weight data early. */
function expectedBytes(specs: WeightSpec[]): number {
  return specs.reduce((sum, s) => sum + storedBytes(s), 0);
}

const needsVersion = (specs: WeightSpec[]) => (specs.some((s) => s.channelQuantization) ? 2 : 1);

export function packModel(meta: ZooMeta, modelJson: ModelJson, weightData: ArrayBuffer): Uint8Array {
  const weightSpecs = weightSpecsOf(modelJson);
  const expected = expectedBytes(weightSpecs);
  if (expected !== weightData.byteLength) throw new Error(`${meta.id}: weight data has ${weightData.byteLength} bytes, the manifest asks for ${expected}`);
  const version = needsVersion(weightSpecs);
  const header: Header = {meta, modelTopology: modelJson.modelTopology, weightSpecs, weightBytes: weightData.byteLength, ...(version > 1 ? {version} : {})};
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
  const version = header.version ?? 1;
  if (!Number.isInteger(version) || version < 1 || version > PACKED_VERSION) throw new Error(`packed zoo model ${header.meta?.id}: header version ${header.version}, this reader knows 1..${PACKED_VERSION}`);
  if (needsVersion(header.weightSpecs ?? []) > version) throw new Error(`packed zoo model ${header.meta?.id}: per-channel weights in a version ${version} file`);
  const start = 8 + length;
  if (u8.length - start !== header.weightBytes) throw new Error(`packed zoo model ${header.meta?.id}: expected ${header.weightBytes} weight bytes, found ${u8.length - start}`);
  // copy out: tfjs wants an ArrayBuffer of exactly the weights
  const weightData = u8.slice(start).buffer;
  return {...header, weightData};
}

/** Model json + concatenated weights + meta -> ZooModel; shared by the packed loader and Node. */
export async function loadFromArtifacts(meta: ZooMeta, modelJson: ModelJson, packedData: ArrayBuffer): Promise<ZooModel> {
  const {weightSpecs, weightData} = dequantizeChannels(weightSpecsOf(modelJson), packedData); // per-channel -> float32
  if (isCaffeTopology(modelJson.modelTopology)) return loadCaffeFromArtifacts(meta, modelJson.modelTopology, weightSpecs, weightData);
  ensureCustomLayersRegistered(); // our blur-pool models carry a custom layer class
  const model = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: modelJson.modelTopology, weightSpecs, weightData}));
  return fromLayersModel(model, meta);
}

export async function loadPackedModel(bytes: ArrayBuffer | Uint8Array): Promise<ZooModel> {
  const unpacked = unpackModel(bytes);
  if (isTfliteHeader(unpacked)) return loadTflitePacked(unpacked, unpacked.weightData); // TFLite zoo models: converted here
  const {meta, modelTopology, weightSpecs, weightData} = unpacked;
  return loadFromArtifacts(meta, {modelTopology, weightSpecs}, weightData); // GoogLeNet (Caffe topology) included
}
