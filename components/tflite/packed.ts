// A .tflite model in the zoo's one-file format (components/zoo/packed.ts): the same "ZOO1"
// layout with the flatbuffer as the weight bytes and {format: "tflite"} in the header, so pages
// load it with the same loadPackedModel and convert it in the browser (3.6 MB of uint8 weights
// instead of 14 MB of float32).
import type {ZooMeta} from "../zoo/adapter.ts";
import type {ZooModel} from "../zoo/types.ts";
import {tfliteToZooModel} from "./reader.ts";

export interface TflitePackOptions {
  dropLeadingClasses?: number;
}

export interface TfliteHeader {
  meta: ZooMeta;
  modelTopology: {format: "tflite"};
  weightSpecs: [];
  weightBytes: number;
  format: "tflite";
  tflite: TflitePackOptions;
}

export function packTflite(meta: ZooMeta, bytes: Uint8Array, tflite: TflitePackOptions = {}): Uint8Array {
  const header: TfliteHeader = {meta, modelTopology: {format: "tflite"}, weightSpecs: [], weightBytes: bytes.byteLength, format: "tflite", tflite};
  let json = JSON.stringify(header);
  const pad = (4 - ((8 + new TextEncoder().encode(json).length) % 4)) % 4;
  json += " ".repeat(pad);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + bytes.byteLength);
  out.set(new TextEncoder().encode("ZOO1"), 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  out.set(bytes, 8 + head.length);
  return out;
}

export function isTfliteHeader(header: object): header is TfliteHeader {
  return (header as {format?: string}).format === "tflite";
}

/** The ZooModel of a packed .tflite (header already unpacked). */
export function loadTflitePacked(header: TfliteHeader, weightData: ArrayBuffer): ZooModel {
  const {meta} = header;
  return tfliteToZooModel(new Uint8Array(weightData), {
    id: meta.id, name: meta.name, labels: meta.labels, preprocess: meta.preprocess, standardIndexOf: meta.standardIndexOf, source: meta.source,
    dropLeadingClasses: header.tflite?.dropLeadingClasses ?? 0,
  });
}
