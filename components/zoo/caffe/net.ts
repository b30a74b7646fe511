// A Caffe network definition as plain data (what deploy.prototxt says, typed), and its forward
// pass in tfjs ops. Every ReLU is its own tf.relu, never fused into a convolution, so a
// replaced Relu gradient (redirected ReLU, guided backprop) reaches every one of them.
import * as tf from "@tensorflow/tfjs";
import {parsePrototxt, type TextMessage, type TextValue} from "./prototxt.ts";
import {caffeConvSize, caffePooledSize, lrnAcrossChannels, maxPoolCeil} from "./ops.ts";

type Pair = [number, number];
interface Base {
  /** Caffe's layer name (prototxt `name`). */
  name: string;
  bottom: string[];
  top: string;
}
export type CaffeLayer = Base & (
  | {type: "Input"}
  | {type: "Convolution"; numOutput: number; kernel: Pair; stride: Pair; pad: Pair; bias: boolean}
  | {type: "ReLU"}
  | {type: "Pooling"; pool: "MAX" | "AVE"; kernel: Pair; stride: Pair; pad: Pair; global: boolean}
  | {type: "LRN"; localSize: number; alpha: number; beta: number; k: number}
  | {type: "Concat"}
  | {type: "Dropout"}
  | {type: "InnerProduct"; numOutput: number; bias: boolean}
  | {type: "Softmax"}
);

const first = (m: TextMessage | undefined, field: string): TextValue | undefined => m?.[field]?.[0];
const num = (m: TextMessage | undefined, field: string, fallback?: number): number => {
  const v = first(m, field);
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "number") throw new Error(`prototxt: ${field} must be a number (got ${JSON.stringify(v)})`);
  return v;
};
/** kernel_size / stride / pad, or their _h/_w forms. */
const pair = (p: TextMessage | undefined, field: string, fallback: number): Pair => {
  if (p?.[`${field}_h`] || p?.[`${field}_w`]) return [num(p, `${field}_h`), num(p, `${field}_w`)];
  const v = num(p, field, fallback);
  return [v, v];
};
const sub = (m: TextMessage, field: string) => first(m, field) as TextMessage | undefined;

/** deploy.prototxt -> layers in order; throws one line naming any unsupported layer or option. */
export function caffeLayers(prototxt: string): CaffeLayer[] {
  const root = parsePrototxt(prototxt);
  const layers = (root.layer ?? root.layers ?? []) as TextMessage[];
  if (!layers.length) throw new Error("prototxt: no layers");
  return layers.map((l): CaffeLayer => {
    const name = String(first(l, "name"));
    const type = String(first(l, "type"));
    const tops = (l.top ?? []).map(String);
    if (tops.length !== 1) throw new Error(`prototxt: layer ${name} has ${tops.length} tops (supported: 1)`);
    const base: Base = {name, bottom: (l.bottom ?? []).map(String), top: tops[0]};
    switch (type) {
      case "Input": return {...base, type};
      case "ReLU":
        if (num(sub(l, "relu_param"), "negative_slope", 0) !== 0) throw new Error(`prototxt: ${name}: leaky ReLU is not supported`);
        return {...base, type};
      case "Concat":
        if (num(sub(l, "concat_param"), "axis", 1) !== 1) throw new Error(`prototxt: ${name}: Concat only along channels`);
        return {...base, type};
      case "Dropout": case "Softmax": return {...base, type};
      case "Convolution": {
        const p = sub(l, "convolution_param");
        if (num(p, "group", 1) !== 1 || num(p, "dilation", 1) !== 1) throw new Error(`prototxt: ${name}: grouped or dilated convolution is not supported`);
        return {...base, type, numOutput: num(p, "num_output"), kernel: pair(p, "kernel_size", NaN), stride: pair(p, "stride", 1), pad: pair(p, "pad", 0), bias: first(p, "bias_term") !== false};
      }
      case "Pooling": {
        const p = sub(l, "pooling_param");
        const pool = String(first(p, "pool") ?? "MAX");
        if (pool !== "MAX" && pool !== "AVE") throw new Error(`prototxt: ${name}: pooling ${pool} is not supported`);
        const global = first(p, "global_pooling") === true;
        return {...base, type, pool, kernel: global ? [0, 0] : pair(p, "kernel_size", NaN), stride: pair(p, "stride", 1), pad: pair(p, "pad", 0), global};
      }
      case "LRN": {
        const p = sub(l, "lrn_param");
        if (String(first(p, "norm_region") ?? "ACROSS_CHANNELS") !== "ACROSS_CHANNELS") throw new Error(`prototxt: ${name}: only ACROSS_CHANNELS LRN is supported`);
        return {...base, type, localSize: num(p, "local_size", 5), alpha: num(p, "alpha", 1), beta: num(p, "beta", 0.75), k: num(p, "k", 1)};
      }
      case "InnerProduct": {
        const p = sub(l, "inner_product_param");
        return {...base, type, numOutput: num(p, "num_output"), bias: first(p, "bias_term") !== false};
      }
      default: throw new Error(`prototxt: layer ${name} has type ${type}, which this reader does not support`);
    }
  });
}

/** Weights by `${layer}/filter` ([kh, kw, in, out] for convolutions, [in, out] for InnerProduct) and `${layer}/bias`. */
export type CaffeWeights = Record<string, tf.Tensor>;

/** The weight tensors each layer needs, with their shapes in our layout. */
export function weightShapes(layers: CaffeLayer[], inputChannels = 3): Record<string, number[]> {
  const channels = new Map<string, number>();
  const out: Record<string, number[]> = {};
  for (const l of layers) {
    const cin = l.bottom.length ? channels.get(l.bottom[0]) ?? 0 : inputChannels;
    let cout = cin;
    if (l.type === "Concat") cout = l.bottom.reduce((s, b) => s + (channels.get(b) ?? 0), 0);
    if (l.type === "Convolution") {
      out[`${l.name}/filter`] = [l.kernel[0], l.kernel[1], cin, l.numOutput];
      if (l.bias) out[`${l.name}/bias`] = [l.numOutput];
      cout = l.numOutput;
    }
    if (l.type === "InnerProduct") {
      out[`${l.name}/filter`] = [cin, l.numOutput];
      if (l.bias) out[`${l.name}/bias`] = [l.numOutput];
      cout = l.numOutput;
    }
    channels.set(l.top, cout);
  }
  return out;
}

/**
 * Each layer's public name: Caffe's top blob, except that a blob rewritten in place (a
 * convolution followed by its ReLU) keeps its final name for the rectified map and the
 * convolution's own output becomes `<top>/pre_relu`. `rename` then maps names to the papers'.
 */
export function publicNames(layers: CaffeLayer[], rename: Record<string, string> = {}): Map<CaffeLayer, string> {
  const names = new Map<CaffeLayer, string>();
  layers.forEach((l, i) => {
    const later = layers.slice(i + 1).find((m) => m.bottom.includes(l.top) || m.top === l.top);
    const overwritten = later && later.top === l.top && later.bottom[0] === l.top && later.type === "ReLU";
    const raw = overwritten ? `${l.top}/pre_relu` : l.top;
    names.set(l, rename[raw] ?? raw);
  });
  return names;
}

/** One forward step of one layer (exported for test/helpers/backward-reference.ts). */
export function step(l: CaffeLayer, inputs: tf.Tensor[], w: CaffeWeights): tf.Tensor {
  const x = inputs[0];
  switch (l.type) {
    case "Input": case "Dropout": return x; // dropout is the identity at inference
    case "ReLU": return tf.relu(x);
    case "Concat": return tf.concat(inputs as tf.Tensor4D[], 3);
    case "Softmax": return tf.softmax(x);
    case "LRN": return lrnAcrossChannels(x as tf.Tensor4D, l.localSize, l.alpha, l.beta, l.k);
    case "Convolution": {
      const y = tf.conv2d(x as tf.Tensor4D, w[`${l.name}/filter`] as tf.Tensor4D, l.stride, l.pad[0] === l.pad[1] ? l.pad[0] : [[0, 0], [l.pad[0], l.pad[0]], [l.pad[1], l.pad[1]], [0, 0]]);
      return l.bias ? tf.add(y, w[`${l.name}/bias`]) : y;
    }
    case "Pooling": {
      const [, h, wd] = x.shape as number[];
      // Global pooling, or a window as large as the map (GoogLeNet's pool5 at 224 px): the
      // mean/max over the map, which also lets the net take other input sizes.
      if (l.global || (l.kernel[0] >= h && l.kernel[1] >= wd && l.pad[0] === 0 && l.pad[1] === 0)) {
        return l.pool === "AVE" ? tf.mean(x, [1, 2], true) : tf.max(x, [1, 2], true);
      }
      if (l.pool === "MAX") return maxPoolCeil(x as tf.Tensor4D, l.kernel, l.stride, l.pad);
      if (l.pad[0] || l.pad[1] || caffePooledSize(h, l.kernel[0], l.stride[0], 0) !== caffeConvSize(h, l.kernel[0], l.stride[0], 0)) {
        throw new Error(`${l.name}: average pooling with padding or ceil rounding is not supported`);
      }
      return tf.avgPool(x as tf.Tensor4D, l.kernel, l.stride, "valid");
    }
    case "InnerProduct": {
      const flat = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D;
      if (x.rank === 4 && (x.shape[1] !== 1 || x.shape[2] !== 1)) throw new Error(`${l.name}: InnerProduct on a spatial map (Caffe's CHW flattening) is not supported`);
      const y = tf.matMul(flat, w[`${l.name}/filter`] as tf.Tensor2D);
      return l.bias ? tf.add(y, w[`${l.name}/bias`]) : y;
    }
  }
}

/**
 * Runs the net on a preprocessed batch and returns the outputs of the named layers (public
 * names), stopping after the last one needed. Call inside tf.tidy.
 */
export function forward(layers: CaffeLayer[], names: Map<CaffeLayer, string>, weights: CaffeWeights, input: tf.Tensor4D, wanted: string[]): tf.Tensor[] {
  const want = new Set(wanted);
  const found = new Map<string, tf.Tensor>();
  const blobs = new Map<string, tf.Tensor>();
  for (const l of layers) {
    if (found.size === want.size) break;
    const inputs = l.type === "Input" ? [input] : l.bottom.map((b) => {
      const t = blobs.get(b);
      if (!t) throw new Error(`${l.name}: bottom blob ${b} is not computed yet`);
      return t;
    });
    const y = step(l, inputs, weights);
    blobs.set(l.top, y);
    const name = names.get(l)!;
    if (want.has(name)) found.set(name, y);
  }
  return wanted.map((n) => {
    const t = found.get(n);
    if (!t) throw new Error(`no layer "${n}"`);
    return t;
  });
}

/** Output shape of every layer (without batch) for an input of [h, w, 3]. */
export function layerShapes(layers: CaffeLayer[], [h, w]: [number, number]): Map<CaffeLayer, number[]> {
  const blobs = new Map<string, number[]>();
  const out = new Map<CaffeLayer, number[]>();
  for (const l of layers) {
    const s = l.type === "Input" ? [h, w, 3] : blobs.get(l.bottom[0])!;
    let y: number[];
    switch (l.type) {
      case "Convolution": y = [caffeConvSize(s[0], l.kernel[0], l.stride[0], l.pad[0]), caffeConvSize(s[1], l.kernel[1], l.stride[1], l.pad[1]), l.numOutput]; break;
      case "Pooling":
        y = l.global || (l.kernel[0] >= s[0] && l.kernel[1] >= s[1] && !l.pad[0] && !l.pad[1])
          ? [1, 1, s[2]]
          : [caffePooledSize(s[0], l.kernel[0], l.stride[0], l.pad[0]), caffePooledSize(s[1], l.kernel[1], l.stride[1], l.pad[1]), s[2]];
        break;
      case "Concat": y = [s[0], s[1], l.bottom.reduce((sum, b) => sum + blobs.get(b)![2], 0)]; break;
      case "InnerProduct": y = [l.numOutput]; break;
      default: y = s.slice();
    }
    blobs.set(l.top, y);
    out.set(l, y);
  }
  return out;
}
