// Weights for the reader: uint8 with one affine scale per tensor, in tfjs's own weight
// quantization format (a weight spec's `quantization: {dtype: "uint8", scale, min}`, value =
// q * scale + min), which tf.io.decodeWeights and tf.loadLayersModel dequantize on load.
// Only kernels (rank >= 2) are quantized: biases and batch-norm vectors are a few KB and a
// per-tensor scale would flatten their very different entries.
import type * as tf from "@tensorflow/tfjs";

type Spec = tf.io.WeightsManifestEntry;

export interface QuantizedWeights {
  weightSpecs: Spec[];
  weightData: ArrayBuffer;
}

const elements = (s: Spec) => s.shape.reduce((a, b) => a * b, 1);

/** uint8 per-tensor affine quantization of float32 weights: q = round((v - min) / scale). */
export function quantizeUint8(values: Float32Array): {bytes: Uint8Array; scale: number; min: number} {
  let min = Infinity, max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new Error("quantize: weights contain NaN or Infinity");
  const scale = max > min ? (max - min) / 255 : 1;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.round((values[i] - min) / scale);
  return {bytes, scale, min};
}

/** float32 weights (specs + concatenated data) -> the same weights with every kernel in uint8. */
export function quantizeWeights(specs: Spec[], data: ArrayBuffer, {minRank = 2} = {}): QuantizedWeights {
  const parts: Uint8Array[] = [];
  const out: Spec[] = [];
  let at = 0;
  for (const s of specs) {
    if (s.quantization) throw new Error(`quantize: weight ${s.name} is already quantized`);
    if (s.dtype !== "float32") throw new Error(`quantize: weight ${s.name} is ${s.dtype}, expected float32`);
    const n = elements(s);
    const values = new Float32Array(data.slice(at, at + n * 4));
    at += n * 4;
    if (s.shape.length < minRank) {
      parts.push(new Uint8Array(values.buffer));
      out.push({...s});
      continue;
    }
    const q = quantizeUint8(values);
    parts.push(q.bytes);
    out.push({...s, quantization: {dtype: "uint8", scale: q.scale, min: q.min}});
  }
  if (at !== data.byteLength) throw new Error(`quantize: weight data has ${data.byteLength} bytes, the specs use ${at}`);
  // each float32 part must start 4-aligned for tfjs's Float32Array views: put them first
  const order = out.map((_, i) => i).sort((a, b) => Number(!!out[a].quantization) - Number(!!out[b].quantization));
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const weightData = new Uint8Array(total);
  let pos = 0;
  for (const i of order) (weightData.set(parts[i], pos), (pos += parts[i].byteLength));
  return {weightSpecs: order.map((i) => out[i]), weightData: weightData.buffer};
}
