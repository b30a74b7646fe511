// The part of TensorFlow Lite's schema (tensorflow/lite/schema/schema.fbs, file identifier
// "TFL3") that image classifiers use, decoded from the flatbuffer into plain objects.
// Field numbers are the schema's declaration order; a union takes two slots (type, value).
import {rootTable, type Table} from "./flatbuffer.ts";

/** TensorType enum of schema.fbs. */
export const TENSOR_TYPES = ["float32", "float16", "int32", "uint8", "int64", "string", "bool", "int16", "complex64", "int8", "float64"] as const;
export type TensorTypeName = (typeof TENSOR_TYPES)[number] | `type${number}`;

/** BuiltinOperator enum of schema.fbs, the codes up to 127 (enough to name what we meet). */
const BUILTIN_NAMES = [
  "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE", "DEQUANTIZE",
  "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP", "L2_NORMALIZATION", "L2_POOL_2D",
  "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC", "LSH_PROJECTION", "LSTM", "MAX_POOL_2D", "MUL", "RELU",
  "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR", "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF", "TANH",
  "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL", "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD",
  "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE", "MEAN", "SUB",
  "DIV", "SQUEEZE", "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN", "EXP",
  "TOPK_V2", "SPLIT", "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU", "MAXIMUM",
  "ARG_MAX", "MINIMUM", "LESS", "NEG", "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL", "SELECT", "SLICE",
  "SIN", "TRANSPOSE_CONV", "SPARSE_TO_DENSE", "TILE", "EXPAND_DIMS", "EQUAL", "NOT_EQUAL", "LOG", "SUM", "SQRT",
  "RSQRT", "SHAPE", "POW", "ARG_MIN", "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX", "PACK", "LOGICAL_OR",
  "ONE_HOT", "LOGICAL_AND", "LOGICAL_NOT", "UNPACK", "REDUCE_MIN", "FLOOR_DIV", "REDUCE_ANY", "SQUARE",
  "ZEROS_LIKE", "FILL", "FLOOR_MOD", "RANGE", "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE",
  "MIRROR_PAD", "ABS", "SPLIT_V", "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS", "WHERE", "RANK",
  "ELU", "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND", "HARD_SWISH", "IF", "WHILE",
  "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2", "DENSIFY", "SEGMENT_SUM",
  "BATCH_MATMUL",
];

export function builtinName(code: number): string {
  return BUILTIN_NAMES[code] ?? `BUILTIN_${code}`;
}

export const ACTIVATIONS = ["NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"] as const;
export type FusedActivation = (typeof ACTIVATIONS)[number];

export interface Quantization {
  scale: number[];
  zeroPoint: number[];
  /** The axis the scales run along when there are several (per-channel quantization). */
  quantizedDimension: number;
  min: number[];
  max: number[];
}

export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  type: TensorTypeName;
  /** Constant data (weights), or null for activations. A view into the file's bytes. */
  data: Uint8Array | null;
  quantization: Quantization | null;
}

export interface ConvOptions {
  padding: "same" | "valid";
  strideW: number;
  strideH: number;
  dilationW: number;
  dilationH: number;
  activation: FusedActivation;
  depthMultiplier?: number;
}

export interface PoolOptions {
  padding: "same" | "valid";
  strideW: number;
  strideH: number;
  filterW: number;
  filterH: number;
  activation: FusedActivation;
}

export interface TfliteOperator {
  /** BuiltinOperator name (e.g. "CONV_2D"), or "CUSTOM:<code>" for custom ops. */
  op: string;
  version: number;
  /** Tensor indices; -1 marks an optional input that is absent. */
  inputs: number[];
  outputs: number[];
  /** The decoded builtin options of the ops the reader knows (empty for the rest). */
  options: Partial<ConvOptions & PoolOptions & {beta: number; newShape: number[]; axis: number; keepDims: boolean; squeezeDims: number[]; alpha: number}>;
}

export interface TfliteModel {
  version: number;
  description: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
  /** How many subgraphs the file has (only the first, the main model, is decoded). */
  subgraphCount: number;
}

const activation = (code: number): FusedActivation => ACTIVATIONS[code] ?? "NONE";
const padding = (code: number): "same" | "valid" => (code === 1 ? "valid" : "same");

/** builtin_options for the ops we translate; field numbers from schema.fbs. */
function decodeOptions(op: string, t: Table | null): TfliteOperator["options"] {
  if (!t) return {};
  switch (op) {
    case "CONV_2D": // Conv2DOptions: padding, stride_w, stride_h, fused_activation_function, dilation_w, dilation_h
      return {padding: padding(t.int8(0)), strideW: t.int32(1), strideH: t.int32(2), activation: activation(t.int8(3)), dilationW: t.int32(4, 1), dilationH: t.int32(5, 1)};
    case "DEPTHWISE_CONV_2D": // + depth_multiplier before the activation
      return {padding: padding(t.int8(0)), strideW: t.int32(1), strideH: t.int32(2), depthMultiplier: t.int32(3), activation: activation(t.int8(4)), dilationW: t.int32(5, 1), dilationH: t.int32(6, 1)};
    case "AVERAGE_POOL_2D":
    case "MAX_POOL_2D": // Pool2DOptions
      return {padding: padding(t.int8(0)), strideW: t.int32(1), strideH: t.int32(2), filterW: t.int32(3), filterH: t.int32(4), activation: activation(t.int8(5))};
    case "ADD":
    case "MUL":
    case "SUB":
    case "FULLY_CONNECTED": // fused_activation_function is field 0 in each
      return {activation: activation(t.int8(0))};
    case "CONCATENATION":
      return {axis: t.int32(0), activation: activation(t.int8(1))};
    case "SOFTMAX":
      return {beta: t.float32(0)};
    case "RESHAPE":
      return {newShape: t.int32s(0)};
    case "MEAN":
      return {keepDims: t.bool(0)};
    case "SQUEEZE":
      return {squeezeDims: t.int32s(0)};
    case "LEAKY_RELU":
      return {alpha: t.float32(0)};
    default:
      return {};
  }
}

function decodeQuantization(t: Table | null): Quantization | null {
  if (!t) return null;
  const q = {min: t.float32s(0), max: t.float32s(1), scale: t.float32s(2), zeroPoint: t.int64s(3), quantizedDimension: t.int32(6)};
  return q.scale.length ? q : null;
}

/** Decodes a .tflite file (its main subgraph). Throws on anything that is not one. */
export function parseTflite(bytes: Uint8Array): TfliteModel {
  const model = rootTable(bytes, "TFL3");
  const version = model.uint32(0);
  if (version !== 3) throw new Error(`TFLite schema version ${version} is not supported (expected 3)`);
  // OperatorCode: deprecated_builtin_code (byte, 0), custom_code (1), version (2), builtin_code (int, 3)
  const codes = model.tables(1).map((c) => {
    const code = Math.max(c.int8(0), c.int32(3));
    const name = builtinName(code);
    return {name: name === "CUSTOM" ? `CUSTOM:${c.string(1) ?? "?"}` : name, version: c.int32(2, 1)};
  });
  // Buffer: data (0); files over 2 GB keep data outside with offset/size (1, 2): not supported
  const buffers = model.tables(4).map((b) => {
    if (b.has(1) && !b.has(0)) throw new Error("TFLite buffers stored outside the flatbuffer (models over 2 GB) are not supported");
    return b.bytes(0);
  });
  const subgraphs = model.tables(2);
  if (!subgraphs.length) throw new Error("TFLite model has no subgraph");
  const g = subgraphs[0];
  const tensors = g.tables(0).map((t, index): TfliteTensor => {
    const buffer = t.uint32(2);
    const data = buffers[buffer] ?? null;
    const typeCode = t.int8(1);
    return {
      index,
      name: t.string(3) ?? `tensor_${index}`,
      shape: t.int32s(0),
      type: TENSOR_TYPES[typeCode] ?? `type${typeCode}`,
      data: data && data.byteLength ? data : null,
      quantization: decodeQuantization(t.table(4)),
    };
  });
  const operators = g.tables(3).map((o): TfliteOperator => {
    const code = codes[o.uint32(0)];
    if (!code) throw new Error(`TFLite operator refers to operator code ${o.uint32(0)}, the file has ${codes.length}`);
    return {op: code.name, version: code.version, inputs: o.int32s(1), outputs: o.int32s(2), options: decodeOptions(code.name, o.table(4))};
  });
  return {version, description: model.string(3) ?? "", tensors, inputs: g.int32s(1), outputs: g.int32s(2), operators, subgraphCount: subgraphs.length};
}
