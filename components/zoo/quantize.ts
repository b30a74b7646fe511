// Weights for the reader. Two schemes for the kernels (rank >= 2); biases and batch-norm vectors
// are a few KB and stay float32.
//  - "per-tensor": uint8 with one affine scale per tensor, tfjs's own weight quantization format
//    (a spec's `quantization: {dtype: "uint8", scale, min}`, value = q * scale + min), which
//    tf.io.decodeWeights dequantizes on load. Packed-file version 1.
//  - "per-channel": uint8 with one affine scale per output channel (the last axis: [kh, kw, in,
//    out] convolutions, [in, out] dense layers). One scale per tensor must span the channel with
//    the widest range, so channels with small weights get only a few levels (ResNet-50's kernels,
//    followed by unfolded batch norm, lose 2-9% of their RMS that way). Not a tfjs format: the
//    spec says `channelQuantization: {dtype: "uint8" | "uint16", axis}` and the data holds float32
//    scale[C], float32 min[C], then the values (uint16 little-endian); dequantizeChannels (our
//    loader) turns it back into float32 before tfjs sees it. Packed-file version 2. The `wide`
//    option picks kernels to store in uint16 (256 times finer steps, twice the bytes).
import type * as tf from "@tensorflow/tfjs";

export type QuantizationScheme = "per-tensor" | "per-channel";
/** What the site's files use (data/precompute/quantization-agreement.ts measured both). */
export const SHIPPED_SCHEME: QuantizationScheme = "per-channel";

/** A weight spec of a packed file: tfjs's, plus our per-channel quantization (version 2). */
export type ChannelDtype = "uint8" | "uint16";
export type WeightSpec = tf.io.WeightsManifestEntry & {channelQuantization?: {dtype: ChannelDtype; axis: number}};
const LEVELS: Record<ChannelDtype, number> = {uint8: 255, uint16: 65535};

export interface QuantizedWeights {
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
}

const elements = (s: {shape: number[]}) => s.shape.reduce((a, b) => a * b, 1);

function finiteRange(values: Float32Array, from = 0, to = values.length, stride = 1): [number, number] {
  let min = Infinity, max = -Infinity, sum = 0;
  for (let i = from; i < to; i += stride) {
    const v = values[i];
    sum += v; // NaN never wins a comparison, but it poisons a sum
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max) || Number.isNaN(sum)) throw new Error("quantize: weights contain NaN or Infinity");
  return [min, max];
}

/** uint8 per-tensor affine quantization of float32 weights: q = round((v - min) / scale). */
export function quantizeUint8(values: Float32Array): {bytes: Uint8Array; scale: number; min: number} {
  const [min, max] = finiteRange(values);
  const scale = max > min ? (max - min) / 255 : 1;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.round((values[i] - min) / scale);
  return {bytes, scale, min};
}

/**
 * Affine quantization with one (scale, min) per index of the LAST axis (values laid out
 * row-major, so channel c holds every `channels`-th value from c), to uint8 or uint16. Scales
 * and mins are float32, as stored; a constant channel gets scale 1 and is reproduced exactly.
 */
export function quantizePerChannel<D extends ChannelDtype = "uint8">(values: Float32Array, channels: number, dtype: D = "uint8" as D): {bytes: D extends "uint16" ? Uint16Array : Uint8Array; scale: Float32Array; min: Float32Array} {
  if (!(channels > 0) || values.length % channels) throw new Error(`quantize: ${values.length} values do not split into ${channels} channels`);
  const levels = LEVELS[dtype];
  const scale = new Float32Array(channels), min = new Float32Array(channels);
  const bytes = dtype === "uint16" ? new Uint16Array(values.length) : new Uint8Array(values.length);
  for (let c = 0; c < channels; c++) {
    const [lo, hi] = finiteRange(values, c, values.length, channels);
    min[c] = lo;
    scale[c] = hi > lo ? (hi - lo) / levels : 1;
    // quantize against the float32 (scale, min) the loader will use, so the half-step bound holds
    for (let i = c; i < values.length; i += channels) bytes[i] = Math.min(levels, Math.max(0, Math.round((values[i] - min[c]) / scale[c])));
  }
  return {bytes: bytes as D extends "uint16" ? Uint16Array : Uint8Array, scale, min};
}

/** uint8 per-channel (see quantizePerChannel). */
export const quantizeUint8PerChannel = (values: Float32Array, channels: number) => quantizePerChannel(values, channels, "uint8");

/** Bytes one weight takes in a packed file's data. */
export function storedBytes(s: WeightSpec): number {
  const width: Record<string, number> = {float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8};
  if (s.channelQuantization) {
    const dtype = s.channelQuantization.dtype;
    if (!(dtype in LEVELS)) throw new Error(`weight ${s.name}: unsupported per-channel dtype ${dtype}`);
    return 8 * s.shape[s.channelQuantization.axis] + elements(s) * (dtype === "uint16" ? 2 : 1);
  }
  const dtype = s.quantization?.dtype ?? s.dtype;
  if (!(dtype in width)) throw new Error(`weight ${s.name}: unsupported dtype ${dtype}`);
  return elements(s) * width[dtype];
}

/** float32 weights (specs + concatenated data) -> the same weights with every kernel in uint8. */
export function quantizeWeights(specs: WeightSpec[], data: ArrayBuffer, {minRank = 2, scheme = "per-tensor" as QuantizationScheme, wide = (_name: string): boolean => false} = {}): QuantizedWeights {
  const parts: Uint8Array[] = [];
  const out: WeightSpec[] = [];
  let at = 0;
  for (const s of specs) {
    if (s.quantization || s.channelQuantization) throw new Error(`quantize: weight ${s.name} is already quantized`);
    if (s.dtype !== "float32") throw new Error(`quantize: weight ${s.name} is ${s.dtype}, expected float32`);
    const n = elements(s);
    const values = new Float32Array(data.slice(at, at + n * 4));
    at += n * 4;
    if (s.shape.length < minRank) {
      parts.push(new Uint8Array(values.buffer));
      out.push({...s});
    } else if (scheme === "per-channel") {
      const axis = s.shape.length - 1;
      const dtype: ChannelDtype = wide(s.name) ? "uint16" : "uint8";
      const q = quantizePerChannel(values, s.shape[axis], dtype);
      const part = new Uint8Array(8 * q.scale.length + q.bytes.byteLength);
      part.set(new Uint8Array(q.scale.buffer), 0);
      part.set(new Uint8Array(q.min.buffer), 4 * q.scale.length);
      part.set(new Uint8Array(q.bytes.buffer), 8 * q.scale.length); // little-endian, as every platform tfjs runs on
      parts.push(part);
      out.push({...s, channelQuantization: {dtype, axis}});
    } else {
      const q = quantizeUint8(values);
      parts.push(q.bytes);
      out.push({...s, quantization: {dtype: "uint8", scale: q.scale, min: q.min}});
    }
  }
  if (at !== data.byteLength) throw new Error(`quantize: weight data has ${data.byteLength} bytes, the specs use ${at}`);
  // each float32 part must start 4-aligned for tfjs's Float32Array views: put them first
  // (per-channel parts are copied out by dequantizeChannels, so their alignment does not matter)
  const quantized = (s: WeightSpec) => Number(!!(s.quantization || s.channelQuantization));
  const order = out.map((_, i) => i).sort((a, b) => quantized(out[a]) - quantized(out[b]));
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const weightData = new Uint8Array(total);
  let pos = 0;
  for (const i of order) (weightData.set(parts[i], pos), (pos += parts[i].byteLength));
  return {weightSpecs: order.map((i) => out[i]), weightData: weightData.buffer};
}

/**
 * Packed weights that may hold per-channel entries -> plain tfjs weights: every per-channel
 * entry becomes float32 (value = q * scale[c] + min[c]); other entries (float32, tfjs's own
 * per-tensor quantization) are passed through for tfjs. Files without per-channel entries
 * (version 1) come back unchanged, the same objects.
 */
export function dequantizeChannels(specs: WeightSpec[], data: ArrayBuffer): {weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer} {
  if (!specs.some((s) => s.channelQuantization)) return {weightSpecs: specs, weightData: data};
  const parts: Uint8Array[] = [];
  const out: tf.io.WeightsManifestEntry[] = [];
  let at = 0;
  for (const s of specs) {
    const size = storedBytes(s);
    if (at + size > data.byteLength) throw new Error(`weight ${s.name}: data ends at ${data.byteLength} bytes, the specs need ${at + size}`);
    const cq = s.channelQuantization;
    if (!cq) {
      parts.push(new Uint8Array(data, at, size));
      out.push(s);
    } else {
      const channels = s.shape[cq.axis];
      if (cq.axis !== s.shape.length - 1) throw new Error(`weight ${s.name}: per-channel axis ${cq.axis} is not the last`);
      const scale = new Float32Array(data.slice(at, at + 4 * channels));
      const min = new Float32Array(data.slice(at + 4 * channels, at + 8 * channels));
      const q = cq.dtype === "uint16" ? new Uint16Array(data.slice(at + 8 * channels, at + size)) : new Uint8Array(data, at + 8 * channels, elements(s));
      const values = new Float32Array(q.length);
      for (let i = 0, c = 0; i < q.length; i++, c = c + 1 === channels ? 0 : c + 1) values[i] = q[i] * scale[c] + min[c];
      parts.push(new Uint8Array(values.buffer));
      const {channelQuantization: _, ...plain} = s;
      out.push({...plain, dtype: "float32"});
    }
    at += size;
  }
  if (at !== data.byteLength) throw new Error(`weight data has ${data.byteLength} bytes, the specs use ${at}`);
  // float32 first again (4-aligned views for tfjs), tfjs-quantized entries after
  const order = out.map((_, i) => i).sort((a, b) => Number(!!out[a].quantization) - Number(!!out[b].quantization));
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let pos = 0;
  for (const i of order) (weightData.set(parts[i], pos), (pos += parts[i].byteLength));
  return {weightSpecs: order.map((i) => out[i]), weightData: weightData.buffer};
}
