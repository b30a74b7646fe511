// A decoded .tflite graph -> an equivalent float tfjs LayersModel. Not an interpreter: each
// operator becomes a Keras-style layer holding dequantized weights, so the result is an
// ordinary differentiable network (activations at any layer, input gradients, feature
// visualization) and components/zoo/adapter.ts turns it into a ZooModel like any other.
// Activation quantization (the "fake quant" of quantization-aware training) is not
// reproduced: the float model computes what the quantized one approximates.
import * as tf from "@tensorflow/tfjs";
import {dequantize} from "./dequantize.ts";
import type {FusedActivation, TfliteModel, TfliteOperator, TfliteTensor} from "./schema.ts";

/** Operators the translation covers (TFLite's names). */
export const SUPPORTED_OPS = [
  "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "ADD", "AVERAGE_POOL_2D", "MAX_POOL_2D", "MEAN",
  "PAD", "RESHAPE", "SQUEEZE", "SOFTMAX", "CONCATENATION", "RELU", "RELU6", "LOGISTIC", "TANH", "LEAKY_RELU",
  "QUANTIZE", "DEQUANTIZE",
] as const;
const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_OPS);
const FUSED: Partial<Record<FusedActivation, string>> = {NONE: "", RELU: "relu", RELU6: "relu6", TANH: "tanh"};

export class UnsupportedTfliteError extends Error {
  constructor(readonly ops: string[], detail = "") {
    super(`this TFLite model uses operators the reader does not support: ${ops.join(", ")}${detail} (supported: ${SUPPORTED_OPS.join(", ")})`);
  }
}

/** Every reason the graph cannot be translated, before any tensor is made. */
export function unsupportedOps(model: TfliteModel): string[] {
  const bad = new Set<string>();
  for (const op of model.operators) {
    if (!SUPPORTED.has(op.op)) bad.add(op.op);
    const act = op.options.activation;
    if (act && !(act in FUSED)) bad.add(`${op.op} with fused ${act}`);
  }
  return [...bad];
}

/** Short layer names from TFLite tensor names ("MobilenetV2/expanded_conv_3/expand/Relu6;..."). */
export function layerNamer(model: TfliteModel): (op: TfliteOperator) => string {
  const scopeOf = (op: TfliteOperator) => {
    const name = model.tensors[op.outputs[0]]?.name.split(";")[0] ?? "";
    const parts = name.split("/").filter(Boolean);
    return parts.length > 1 ? parts.slice(0, -1) : parts; // drop the op's own name (Relu6, BiasAdd, ...)
  };
  const scopes = model.operators.map(scopeOf);
  // strip the segments every scope starts with ("MobilenetV2/"), and a repeat of them
  let common = scopes[0]?.length ?? 0;
  for (const s of scopes) {
    let i = 0;
    while (i < common && i < s.length - 1 && s[i] === scopes[0][i]) i++;
    common = i;
  }
  const stripped = new Set(scopes[0]?.slice(0, common));
  const used = new Map<string, number>();
  const names = new Map<TfliteOperator, string>();
  model.operators.forEach((op, i) => {
    let parts = scopes[i].slice(common);
    while (parts.length > 1 && stripped.has(parts[0])) parts = parts.slice(1);
    let base = parts.join("_").replace(/[^A-Za-z0-9_.-]/g, "_") || op.op.toLowerCase();
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    if (n) base = `${base}_${n}`;
    names.set(op, base);
  });
  return (op) => names.get(op)!;
}

/** Dequantized constant tensor with its shape. */
interface Constant {
  values: Float32Array;
  shape: number[];
}

const constantOf = (t: TfliteTensor): Constant | null =>
  t.data ? {values: dequantize(t.data, t.type, t.shape, t.quantization), shape: t.shape} : null;

/** HWIO from TFLite's OHWI conv kernel. */
function ohwiToHwio(c: Constant): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.tensor4d(c.values, c.shape as [number, number, number, number]), [1, 2, 3, 0]));
}

export interface TranslatedModel {
  model: tf.LayersModel;
  /** [height, width] of the input. */
  inputSize: [number, number];
  channels: number;
  /** The TFLite input tensor (its quantization tells the expected input range). */
  input: TfliteTensor;
  output: TfliteTensor;
}

export interface TranslateOptions {
  /** Slice off the first `n` outputs before the final softmax (ImageNet "background" class). */
  dropLeadingClasses?: number;
}

/** Slices away the first `n` entries of the last axis: [b, classes] -> [b, classes - n]. */
class DropLeadingClasses extends tf.layers.Layer {
  static className = "DropLeadingClasses";
  private readonly n: number;
  constructor(config: {n: number; name?: string}) {
    super({name: config.name});
    this.n = config.n;
  }
  computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = shape as tf.Shape;
    return [...s.slice(0, -1), (s[s.length - 1] as number) - this.n];
  }
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => tf.slice(x, Array(x.rank).fill(0).map((_, i) => (i === x.rank - 1 ? this.n : 0)), x.shape.map((d, i) => (i === x.rank - 1 ? d - this.n : -1))));
  }
  getConfig(): tf.serialization.ConfigDict {
    return {...super.getConfig(), n: this.n};
  }
}
tf.serialization.registerClass(DropLeadingClasses);

/** Builds the float LayersModel of the main subgraph. Throws UnsupportedTfliteError first. */
export function toLayersModel(model: TfliteModel, options: TranslateOptions = {}): TranslatedModel {
  const bad = unsupportedOps(model);
  if (bad.length) throw new UnsupportedTfliteError(bad);
  if (model.inputs.length !== 1) throw new Error(`TFLite model has ${model.inputs.length} inputs; image classifiers have one`);
  if (model.outputs.length !== 1) throw new Error(`TFLite model has ${model.outputs.length} outputs; image classifiers have one`);
  const input = model.tensors[model.inputs[0]], output = model.tensors[model.outputs[0]];
  if (input.shape.length !== 4) throw new Error(`TFLite input "${input.name}" has shape [${input.shape}], not an image batch [1, height, width, channels]`);
  const [, h, w, c] = input.shape;
  const name = layerNamer(model);

  const symbols = new Map<number, tf.SymbolicTensor>();
  const constants = new Map<number, Constant | null>();
  const constant = (i: number): Constant | null => {
    if (!constants.has(i)) constants.set(i, constantOf(model.tensors[i]));
    return constants.get(i)!;
  };
  const symbol = (i: number, op: TfliteOperator): tf.SymbolicTensor => {
    const s = symbols.get(i);
    if (!s) throw new Error(`TFLite ${op.op} reads tensor "${model.tensors[i]?.name}", which is neither the input nor computed earlier`);
    return s;
  };
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
  const withActivation = (x: tf.SymbolicTensor, act: FusedActivation | undefined, base: string) => {
    const fn = FUSED[act ?? "NONE"];
    return fn ? apply(tf.layers.activation({activation: fn as "relu6", name: `${base}_${fn}`}), x) : x;
  };
  /** Creates the layer, then sets dequantized weights; tensors are disposed once copied. */
  const weighted = (layer: tf.layers.Layer, x: tf.SymbolicTensor, weights: tf.Tensor[]) => {
    const y = apply(layer, x);
    layer.setWeights(weights);
    tf.dispose(weights);
    return y;
  };
  const biasOf = (op: TfliteOperator): tf.Tensor1D | null => {
    const b = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? constant(op.inputs[2]) : null;
    return b ? tf.tensor1d(b.values) : null;
  };
  const outShape = (op: TfliteOperator) => model.tensors[op.outputs[0]].shape.slice(1);

  const x0 = tf.input({shape: [h, w, c], name: "input"});
  symbols.set(model.inputs[0], x0);
  const lastSoftmax = model.operators.map((o) => o.op).lastIndexOf("SOFTMAX");

  for (const [index, op] of model.operators.entries()) {
    const base = name(op);
    const o = op.options;
    const x = () => symbol(op.inputs[0], op);
    let y: tf.SymbolicTensor;
    switch (op.op) {
      case "CONV_2D": {
        const k = constant(op.inputs[1]);
        if (!k) throw new Error(`TFLite CONV_2D ${base}: weights are computed at run time, not constants`);
        const [filters, kh, kw] = k.shape, bias = biasOf(op);
        const layer = tf.layers.conv2d({filters, kernelSize: [kh, kw], strides: [o.strideH!, o.strideW!], dilationRate: [o.dilationH!, o.dilationW!], padding: o.padding!, useBias: !!bias, name: base});
        y = withActivation(weighted(layer, x(), bias ? [ohwiToHwio(k), bias] : [ohwiToHwio(k)]), o.activation, base);
        break;
      }
      case "DEPTHWISE_CONV_2D": {
        const k = constant(op.inputs[1]);
        if (!k) throw new Error(`TFLite DEPTHWISE_CONV_2D ${base}: weights are computed at run time, not constants`);
        // TFLite keeps [1, kh, kw, in * multiplier]; channel in*multiplier + m is filter m of input channel `in`
        const [, kh, kw, out] = k.shape;
        const inChannels = model.tensors[op.inputs[0]].shape[3];
        const multiplier = out / inChannels, bias = biasOf(op);
        const kernel = tf.tensor4d(k.values, [kh, kw, inChannels, multiplier]);
        const layer = tf.layers.depthwiseConv2d({kernelSize: [kh, kw], depthMultiplier: multiplier, strides: [o.strideH!, o.strideW!], dilationRate: [o.dilationH!, o.dilationW!], padding: o.padding!, useBias: !!bias, name: base});
        y = withActivation(weighted(layer, x(), bias ? [kernel, bias] : [kernel]), o.activation, base);
        break;
      }
      case "FULLY_CONNECTED": {
        const k = constant(op.inputs[1]);
        if (!k) throw new Error(`TFLite FULLY_CONNECTED ${base}: weights are computed at run time, not constants`);
        const [units, inputs] = k.shape, bias = biasOf(op);
        let v = x();
        if (v.shape.length !== 2) v = apply(tf.layers.reshape({targetShape: [inputs], name: `${base}_flatten`}), v);
        const kernel = tf.tidy(() => tf.transpose(tf.tensor2d(k.values, [units, inputs])));
        y = withActivation(weighted(tf.layers.dense({units, useBias: !!bias, name: base}), v, bias ? [kernel, bias] : [kernel]), o.activation, base);
        break;
      }
      case "ADD": {
        if (op.inputs.some((i) => constant(i))) throw new UnsupportedTfliteError(["ADD of a constant"]);
        y = withActivation(apply(tf.layers.add({name: base}), op.inputs.map((i) => symbol(i, op))), o.activation, base);
        break;
      }
      case "AVERAGE_POOL_2D":
      case "MAX_POOL_2D": {
        const config = {poolSize: [o.filterH!, o.filterW!] as [number, number], strides: [o.strideH!, o.strideW!] as [number, number], padding: o.padding!, name: base};
        y = withActivation(apply(op.op === "MAX_POOL_2D" ? tf.layers.maxPooling2d(config) : tf.layers.averagePooling2d(config), x()), o.activation, base);
        break;
      }
      case "MEAN": {
        const axes = Array.from(constant(op.inputs[1])?.values ?? []);
        if (axes.length !== 2 || !axes.includes(1) || !axes.includes(2)) throw new UnsupportedTfliteError([`MEAN over axes [${axes}]`], " (only spatial means, i.e. global average pooling)");
        y = apply(tf.layers.globalAveragePooling2d({name: base}), x());
        if (o.keepDims) y = apply(tf.layers.reshape({targetShape: outShape(op), name: `${base}_keepdims`}), y);
        break;
      }
      case "PAD": {
        const p = constant(op.inputs[1]);
        const v = p ? Array.from(p.values) : [];
        if (v.length !== 8 || v[0] || v[1] || v[6] || v[7]) throw new UnsupportedTfliteError([`PAD with paddings [${v}]`], " (only spatial zero padding)");
        y = apply(tf.layers.zeroPadding2d({padding: [[v[2], v[3]], [v[4], v[5]]], name: base}), x());
        break;
      }
      case "RESHAPE":
      case "SQUEEZE":
        y = apply(tf.layers.reshape({targetShape: outShape(op), name: base}), x());
        break;
      case "SOFTMAX": {
        if (o.beta !== undefined && o.beta !== 1) throw new UnsupportedTfliteError([`SOFTMAX with beta ${o.beta}`]);
        let v = x();
        const n = options.dropLeadingClasses ?? 0;
        if (n && index === lastSoftmax) v = apply(new DropLeadingClasses({n, name: `drop_first_${n}_classes`}), v);
        y = apply(tf.layers.softmax({name: base}), v);
        break;
      }
      case "CONCATENATION":
        y = withActivation(apply(tf.layers.concatenate({axis: o.axis!, name: base}), op.inputs.map((i) => symbol(i, op))), o.activation, base);
        break;
      case "RELU":
      case "RELU6":
      case "LOGISTIC":
      case "TANH": {
        const fn = {RELU: "relu", RELU6: "relu6", LOGISTIC: "sigmoid", TANH: "tanh"}[op.op] as "relu";
        y = apply(tf.layers.activation({activation: fn, name: base}), x());
        break;
      }
      case "LEAKY_RELU":
        y = apply(tf.layers.leakyReLU({alpha: o.alpha ?? 0.2, name: base}), x());
        break;
      case "QUANTIZE":
      case "DEQUANTIZE": // a float model has nothing to (de)quantize: pass the value through
        if (!symbols.has(op.inputs[0])) {
          constants.set(op.outputs[0], constant(op.inputs[0]));
          continue;
        }
        y = x();
        break;
      default:
        throw new UnsupportedTfliteError([op.op]);
    }
    symbols.set(op.outputs[0], y);
  }
  let out = symbol(model.outputs[0], model.operators[model.operators.length - 1]);
  if (options.dropLeadingClasses && lastSoftmax < 0) out = apply(new DropLeadingClasses({n: options.dropLeadingClasses, name: "drop_leading_classes"}), out);
  return {model: tf.model({inputs: x0, outputs: out}), inputSize: [h, w], channels: c, input, output};
}
