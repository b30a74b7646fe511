// wasm's MaxPoolGrad rewritten as one loop over the wasm heap. wasm's kernel tabulates each
// window's maximum position, then tests every input element against each window covering it;
// it took 17 ms of a 146 ms ShapeTex training shard (32 images at 32 px). This loop scatters
// each window's dy once and gives the same float32 bits (test/wasm-heap-kernels.test.ts
// compares the two on inputs full of ties, zeros and overlapping windows).
import * as tf from "@tensorflow/tfjs";

interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The smallest positive normal float32, where wasm's running maximum starts. */
const FLT_MIN = 2 ** -126;

/** A float32 view of a tensor on the heap (views are made after allocating: growth detaches them). */
const heap = (backend: HeapBackend, t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;

/**
 * dL/dx of a max pool, with wasm's own rule for where each window's dy goes (tfjs-backend-wasm
 * 4.22, MaxPoolGrad.cc): the LAST element >= the running maximum, the maximum starting at
 * FLT_MIN (the smallest positive float, not the lowest); a window with no value >= FLT_MIN
 * (all zeros, as after a ReLU, or negative) points at offset 0 of the whole tensor, so its dy
 * reaches dx[0] if the window covers it and is dropped otherwise. After a ReLU that loses
 * nothing: the ReLU's own gradient is 0 there. Windows add into dx in order, from +0.
 */
export function maxPoolGradOnHeap({inputs, attrs, backend}: KernelArgs): tf.TensorInfo {
  const {dy, input} = inputs as {dy: tf.TensorInfo; input: tf.TensorInfo};
  const {filterSize, strides, pad, dimRoundingMode} = attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const b = backend as unknown as HeapBackend;
  const dxInfo = b.makeOutput(input.shape, "float32");
  const x = heap(b, input), g = heap(b, dy), dx = heap(b, dxInfo);
  dx.fill(0);
  const {batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw} = info;
  const {top, left} = info.padInfo;
  // channels innermost, as they lie in memory: one running maximum per channel
  const best = new Float32Array(C), at = new Int32Array(C);
  for (let n = 0; n < batchSize; n++) {
    const xBase = n * H * W * C;
    for (let oy = 0; oy < OH; oy++) {
      const y0 = Math.max(0, oy * sh - top), y1 = Math.min(H, oy * sh - top + fh);
      for (let ox = 0; ox < OW; ox++) {
        const x0 = Math.max(0, ox * sw - left), x1 = Math.min(W, ox * sw - left + fw);
        best.fill(FLT_MIN);
        at.fill(0);
        for (let y = y0; y < y1; y++) {
          for (let xx = x0; xx < x1; xx++) {
            const base = xBase + (y * W + xx) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c];
              if (v >= best[c]) { best[c] = v; at[c] = base + c; }
            }
          }
        }
        const gBase = ((n * OH + oy) * OW + ox) * C;
        const coversOrigin = n === 0 && y0 === 0 && x0 === 0 && y1 > 0 && x1 > 0;
        for (let c = 0; c < C; c++) if (at[c] !== 0 || (c === 0 && coversOrigin)) dx[at[c]] += g[gBase + c];
      }
    }
  }
  return dxInfo;
}

let native: tf.KernelConfig | null = null;

/** Replace wasm's MaxPoolGrad with the heap loop (once); a pool with a dimRoundingMode, or not float32, keeps wasm's (untested here). */
export function registerWasmHeapKernels(): void {
  if (native) return;
  const own = tf.getKernel("MaxPoolGrad", "wasm");
  if (!own) return;
  native = own;
  tf.unregisterKernel("MaxPoolGrad", "wasm");
  tf.registerKernel({
    ...own,
    kernelFunc: (args) => {
      const {input} = args.inputs as {input: tf.TensorInfo};
      const {dimRoundingMode} = args.attrs as unknown as tf.MaxPoolGradAttrs;
      return input.dtype === "float32" && dimRoundingMode == null ? maxPoolGradOnHeap(args) : own.kernelFunc(args);
    },
  });
}

/** wasm's own MaxPoolGrad, for the test that compares it with ours. */
export function nativeWasmMaxPoolGrad(): tf.KernelConfig | null {
  return native;
}
