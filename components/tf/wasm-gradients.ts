// The wasm backend lacks backprop kernels that training and input gradients need:
// Conv2DBackpropFilter (so `model.fit` of any conv net fails) and
// DepthwiseConv2dNativeBackpropInput/Filter (so input gradients through MobileNet fail).
// We register them for wasm, built only from ops wasm has (strided slices, matMul,
// multiply, pad, reshape): the convolution's adjoint written out tap by tap. Registering
// kernels rather than replacing gradients also covers tfjs's fused conv ops, whose custom
// gradients call these kernels directly (tfjs-layers runs linear Conv2D layers fused).
import * as tf from "@tensorflow/tfjs";
import {registerWasmHeapKernels} from "./wasm-heap-kernels.ts";

type Pad = {top: number; left: number; bottom: number; right: number};
type Shape4 = [number, number, number, number];

function convGeometry(x: tf.Tensor4D, filterShape: [number, number, number, number], strides: number | [number, number], pad: unknown, dimRoundingMode?: unknown, depthwise = false) {
  const info = tf.backend_util.computeConv2DInfo(
    x.shape, filterShape, strides, 1, pad as "same", dimRoundingMode as "round", depthwise
  );
  return {info, padInfo: info.padInfo as Pad};
}

/** x padded the way the forward convolution padded it. */
function padLikeForward(x: tf.Tensor4D, p: Pad): tf.Tensor4D {
  if (!p.top && !p.bottom && !p.left && !p.right) return x;
  return tf.pad(x, [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]]);
}

/** The input window that filter tap (kh, kw) saw for every output position. */
function tapWindow(xp: tf.Tensor4D, kh: number, kw: number, outH: number, outW: number, sh: number, sw: number): tf.Tensor4D {
  const [b, , , c] = xp.shape;
  return tf.stridedSlice(xp, [0, kh, kw, 0], [b, kh + (outH - 1) * sh + 1, kw + (outW - 1) * sw + 1, c], [1, sh, sw, 1]) as tf.Tensor4D;
}

/** dL/dW of a 2-D convolution: for each tap, (input window)^T x (upstream gradient). */
export function conv2dFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: [number, number, number, number], strides: number | [number, number], pad: unknown): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, cin, cout] = filterShape;
    const {info, padInfo} = convGeometry(x, filterShape, strides, pad);
    const xp = padLikeForward(x, padInfo);
    const rows = dy.shape[0] * dy.shape[1] * dy.shape[2];
    const dy2 = dy.reshape([rows, cout]);
    const taps: tf.Tensor[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const win = tapWindow(xp, i, j, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth);
        taps.push(tf.matMul(win.reshape([rows, cin]), dy2, true, false));
      }
    }
    return tf.stack(taps).reshape([kh, kw, cin, cout]) as tf.Tensor4D;
  });
}

/** Spread `t` (outH x outW) onto the padded input grid at offset (i, j) with the conv's stride. */
function placeTap(t: tf.Tensor4D, i: number, j: number, sh: number, sw: number, hp: number, wp: number): tf.Tensor4D {
  let placed = t;
  const [b, oh, ow, c] = t.shape;
  if (sh > 1) placed = tf.concat([placed.expandDims(2), tf.zeros([b, oh, sh - 1, ow, c])], 2).reshape([b, oh * sh, ow, c]) as tf.Tensor4D;
  if (sw > 1) placed = tf.concat([placed.expandDims(3), tf.zeros([b, placed.shape[1], ow, sw - 1, c])], 3).reshape([b, placed.shape[1], ow * sw, c]) as tf.Tensor4D;
  // the dilated map's last (s-1) zero rows/cols may overhang the padded input: crop, then pad
  const h = Math.min(placed.shape[1], hp - i), w = Math.min(placed.shape[2], wp - j);
  placed = placed.slice([0, 0, 0, 0], [b, h, w, c]);
  return tf.pad(placed, [[0, 0], [i, hp - i - h], [j, wp - j - w], [0, 0]]);
}

/** dL/dx of a depthwise convolution: every tap sends dy * W[tap] back to where it read. */
export function depthwiseInputGradient(xShape: [number, number, number, number], dy: tf.Tensor4D, filter: tf.Tensor4D, strides: number | [number, number], pad: unknown, dimRoundingMode?: unknown): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = xShape;
    const [kh, kw, , mult] = filter.shape;
    const probe = tf.zeros(xShape) as tf.Tensor4D;
    const {info, padInfo} = convGeometry(probe, filter.shape, strides, pad, dimRoundingMode, true);
    const hp = h + padInfo.top + padInfo.bottom, wp = w + padInfo.left + padInfo.right;
    const dy5 = dy.reshape([b, info.outHeight, info.outWidth, c, mult]);
    let acc: tf.Tensor4D = tf.zeros([b, hp, wp, c]);
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const wTap = filter.slice([i, j, 0, 0], [1, 1, c, mult]).reshape([c, mult]);
        const contrib = dy5.mul(wTap).sum(4) as tf.Tensor4D;
        acc = acc.add(placeTap(contrib, i, j, info.strideHeight, info.strideWidth, hp, wp));
      }
    }
    return acc.slice([0, padInfo.top, padInfo.left, 0], [b, h, w, c]);
  });
}

/** dL/dW of a depthwise convolution: per tap, sum of (input window x upstream gradient). */
export function depthwiseFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: [number, number, number, number], strides: number | [number, number], pad: unknown, dimRoundingMode?: unknown): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, mult] = filterShape;
    const {info, padInfo} = convGeometry(x, filterShape, strides, pad, dimRoundingMode, true);
    const xp = padLikeForward(x, padInfo);
    const dy5 = dy.reshape([dy.shape[0], info.outHeight, info.outWidth, c, mult]);
    const taps: tf.Tensor[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const win = tapWindow(xp, i, j, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth);
        taps.push(win.expandDims(4).mul(dy5).sum([0, 1, 2]));
      }
    }
    return tf.stack(taps).reshape([kh, kw, c, mult]) as tf.Tensor4D;
  });
}

/**
 * Stride-1 convolutions (nearly all of ours) have cheaper adjoints: both are themselves
 * forward convolutions, which wasm runs through XNNPACK. Measured per 3x3 conv, batch 64 at
 * 32x32x16: input gradient 94 -> 9 ms (vs wasm's own Conv2DBackpropInput), filter gradient
 * 120 -> 31 ms (vs per-tap matMuls).
 */
function stride1Pad(xShape: Shape4, filterShape: Shape4, pad: unknown, dimRoundingMode?: unknown): Pad {
  return tf.backend_util.computeConv2DInfo(xShape, filterShape, 1, 1, pad as "same", dimRoundingMode as "round").padInfo as Pad;
}

/**
 * The filter rotated 180 degrees with its in/out channels swapped ([kh, kw, cin, cout] ->
 * [kh, kw, cout, cin], tap (i, j) from (kh-1-i, kw-1-j)): one copy in JS. wasm's Reverse took
 * ~1.7 ms for a 3x3x64x64 filter; the values are moved, not computed, so the bits are the same.
 */
export function flipAndSwap(filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, cin, cout] = filter.shape;
  const src = filter.dataSync() as Float32Array, out = new Float32Array(src.length);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = ((kh - 1 - i) * kw + (kw - 1 - j)) * cin * cout, to = (i * kw + j) * cout * cin;
      for (let a = 0; a < cin; a++) for (let b = 0; b < cout; b++) out[to + b * cin + a] = src[from + a * cout + b];
    }
  }
  return tf.tensor4d(out, [kh, kw, cout, cin]);
}

/**
 * dL/dx of a stride-1 conv: the correlation of dy with the flipped, in/out-swapped filter,
 * padded so that it covers exactly the input (the "full" correlation minus the forward
 * padding): one conv with explicit padding, no pad or slice copies (~35% faster than
 * padding dy and cropping the full result, and the same sums in the same order).
 */
export function stride1InputGradient(xShape: Shape4, dy: tf.Tensor4D, filter: tf.Tensor4D, pad: unknown, dimRoundingMode?: unknown): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = filter.shape;
    const p = stride1Pad(xShape, filter.shape, pad, dimRoundingMode);
    const flipped = flipAndSwap(filter);
    const [top, bottom, left, right] = [kh - 1 - p.top, kh - 1 - p.bottom, kw - 1 - p.left, kw - 1 - p.right];
    if (Math.min(top, bottom, left, right) < 0) { // padding wider than the kernel: crop the full correlation
      const full = tf.conv2d(tf.pad(dy, [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]]), flipped, 1, "valid");
      return full.slice([0, p.top, p.left, 0], xShape);
    }
    return tf.conv2d(dy, flipped, 1, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  });
}

/** dL/dW of a stride-1 conv: a valid conv of the padded input by dy, batch playing the channels. */
export function stride1FilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: Shape4, pad: unknown, dimRoundingMode?: unknown): tf.Tensor4D {
  return tf.tidy(() => {
    const p = stride1Pad(x.shape, filterShape, pad, dimRoundingMode);
    const xT = tf.pad(x, [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]]).transpose([3, 1, 2, 0]) as tf.Tensor4D; // [cin, hp, wp, batch]
    const dyT = dy.transpose([1, 2, 0, 3]) as tf.Tensor4D; // [outH, outW, batch, cout]
    return tf.conv2d(xT, dyT, 1, "valid").transpose([1, 2, 0, 3]) as tf.Tensor4D; // [kh, kw, cin, cout]
  });
}

const isOne = (s: unknown) => (Array.isArray(s) ? s.every((v) => v === 1) : s == null || s === 1);

type Info = tf.TensorInfo | tf.Tensor;

/** Kernel inputs arrive as TensorInfo; wrap them as tensors we own for the body's ops. */
function asTensor<T extends tf.Tensor>(t: Info, own: tf.Tensor[]): T {
  if (t instanceof tf.Tensor) return t as T;
  const made = tf.engine().makeTensorFromTensorInfo(t) as T;
  own.push(made);
  return made;
}

function noDilation(name: string, dilations: unknown): void {
  const d = Array.isArray(dilations) ? dilations : [dilations ?? 1];
  if (d.some((v) => v !== 1 && v != null)) throw new Error(`${name} on wasm: dilated convolutions are not supported`);
}

/** A wasm kernel whose body is made of tfjs ops (they run untaped inside a kernel). */
function opKernel(kernelName: string, body: (inputs: Record<string, Info>, attrs: Record<string, unknown>, own: tf.Tensor[]) => tf.Tensor): tf.KernelConfig {
  return {
    kernelName,
    backendName: "wasm",
    kernelFunc: ({inputs, attrs}) => {
      const own: tf.Tensor[] = [];
      try {
        return body(inputs as Record<string, Info>, attrs as Record<string, unknown>, own) as unknown as tf.TensorInfo;
      } finally {
        for (const t of own) t.dispose();
      }
    },
  };
}

let registered = false;

/** Register the missing backprop kernels on wasm (once; only those wasm lacks). */
export function registerWasmBackpropKernels(): void {
  if (registered) return;
  registered = true;
  registerWasmHeapKernels();
  const kernels = [
    opKernel("Conv2DBackpropFilter", (i, a, own) => {
      noDilation("Conv2DBackpropFilter", a.dilations);
      const x = asTensor<tf.Tensor4D>(i.x, own), dy = asTensor<tf.Tensor4D>(i.dy, own);
      return isOne(a.strides)
        ? stride1FilterGradient(x, dy, a.filterShape as Shape4, a.pad, a.dimRoundingMode)
        : conv2dFilterGradient(x, dy, a.filterShape as Shape4, a.strides as [number, number], a.pad);
    }),
    opKernel("DepthwiseConv2dNativeBackpropInput", (i, a, own) => {
      noDilation("DepthwiseConv2dNativeBackpropInput", a.dilations);
      return depthwiseInputGradient(a.inputShape as Shape4, asTensor(i.dy, own), asTensor(i.filter, own), a.strides as [number, number], a.pad, a.dimRoundingMode);
    }),
    opKernel("DepthwiseConv2dNativeBackpropFilter", (i, a, own) => {
      noDilation("DepthwiseConv2dNativeBackpropFilter", a.dilations);
      return depthwiseFilterGradient(asTensor(i.x, own), asTensor(i.dy, own), a.filterShape as Shape4, a.strides as [number, number], a.pad, a.dimRoundingMode);
    }),
  ];
  for (const k of kernels) if (!tf.getKernel(k.kernelName, "wasm")) tf.registerKernel(k);
  // wasm has Conv2DBackpropInput, but ~10x slower than a forward conv: take over stride 1
  const own = tf.getKernel("Conv2DBackpropInput", "wasm");
  if (own) {
    tf.unregisterKernel("Conv2DBackpropInput", "wasm");
    const fast = opKernel("Conv2DBackpropInput", (i, a, mine) => stride1InputGradient(a.inputShape as Shape4, asTensor(i.dy, mine), asTensor(i.filter, mine), a.pad, a.dimRoundingMode));
    tf.registerKernel({
      ...own,
      kernelFunc: (args) => (isOne(args.attrs?.strides) && isOne(args.attrs?.dilations) ? fast.kernelFunc(args) : own.kernelFunc(args)),
    });
  }
}

/** Former name, kept while callers move over. */
export const registerWasmGradients = registerWasmBackpropKernels;
