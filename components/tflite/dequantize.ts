// Constant tensors of a .tflite file as float32: TFLite's affine quantization
//   real = scale * (q - zero_point)
// (Jacob et al., "Quantization and Training of Neural Networks for Efficient
// Integer-Arithmetic-Only Inference", CVPR 2018, eq. 1), with one (scale, zero_point) per tensor
// or, for per-channel quantization, one per index along `quantizedDimension`.
// Biases of a uint8 model are int32 with scale = input scale x weight scale and zero point 0
// (Jacob et al., Sec. 2.4); the file stores that scale, so the same formula applies.
import type {Quantization, TensorTypeName} from "./schema.ts";

const WIDTH: Partial<Record<TensorTypeName, number>> = {float32: 4, float16: 2, float64: 8, int32: 4, int64: 8, int16: 2, uint8: 1, int8: 1, bool: 1};

/** IEEE 754 half precision -> number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The stored integers or floats of a constant tensor, as numbers (no scaling). */
export function rawValues(data: Uint8Array, type: TensorTypeName, count: number): Float64Array | Float32Array {
  const width = WIDTH[type];
  if (!width) throw new Error(`TFLite tensors of type ${type} are not supported`);
  if (data.byteLength !== count * width) throw new Error(`TFLite tensor holds ${data.byteLength} bytes, its shape and type ${type} need ${count * width}`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read: (i: number) => number = {
    float32: (i: number) => view.getFloat32(4 * i, true),
    float16: (i: number) => halfToFloat(view.getUint16(2 * i, true)),
    float64: (i: number) => view.getFloat64(8 * i, true),
    int32: (i: number) => view.getInt32(4 * i, true),
    int64: (i: number) => Number(view.getBigInt64(8 * i, true)),
    int16: (i: number) => view.getInt16(2 * i, true),
    uint8: (i: number) => view.getUint8(i),
    int8: (i: number) => view.getInt8(i),
    bool: (i: number) => view.getUint8(i),
  }[type as "float32"];
  const out = type === "float32" ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = read(i);
  return out;
}

/**
 * Float values of a constant tensor of the given shape. Quantized integers are mapped through
 * scale and zero point (per channel along quantizedDimension when there are several scales);
 * float tensors and unquantized integers (shapes, paddings) come out as they are stored.
 */
export function dequantize(data: Uint8Array, type: TensorTypeName, shape: number[], q: Quantization | null): Float32Array {
  const count = shape.reduce((a, b) => a * b, 1);
  const raw = rawValues(data, type, count);
  const isFloat = type === "float32" || type === "float16" || type === "float64";
  if (isFloat || !q || !q.scale.length) return raw instanceof Float32Array ? raw : Float32Array.from(raw);
  const {scale, zeroPoint} = q;
  const out = new Float32Array(count);
  if (scale.length === 1) {
    const s = scale[0], z = zeroPoint[0] ?? 0;
    for (let i = 0; i < count; i++) out[i] = s * (raw[i] - z);
    return out;
  }
  // per channel: index i lies in channel floor(i / inner) % channels along quantizedDimension
  const axis = q.quantizedDimension;
  const channels = shape[axis];
  if (channels !== scale.length) throw new Error(`TFLite per-channel quantization: ${scale.length} scales for ${channels} channels along axis ${axis}`);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(i / inner) % channels;
    out[i] = scale[c] * (raw[i] - (zeroPoint[c] ?? zeroPoint[0] ?? 0));
  }
  return out;
}

/**
 * How to turn an image x in [0, 1] into the model's real-valued input when the input itself is
 * quantized: the file expects bytes p = 255 x (uint8) or p - 128 (int8), whose real value is
 * scale (q - zero_point). Returns {scale, offset} with real = scale x + offset.
 */
export function inputAffine(q: Quantization, type: "uint8" | "int8"): {scale: number; offset: number} {
  const s = q.scale[0], z = (q.zeroPoint[0] ?? 0) + (type === "int8" ? 128 : 0);
  return {scale: 255 * s, offset: -z * s};
}
