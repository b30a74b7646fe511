// How a projection is shown. Pixel-space maps have an arbitrary scale (it depends on the
// activation and the depth), so each is normalised on its own:
// - signed: 0.5 + 0.5 m / max|m| per colour channel; grey is 0, the reconstruction's colours
//   show which way each pixel pushes the unit (the look of Zeiler & Fergus's Fig. 2);
// - absolute: max over colour of |m|, scaled so the 99th percentile is white (a saliency map;
//   the percentile keeps a few extreme pixels from turning the rest black).
import * as tf from "@tensorflow/tfjs";
import {readAndDispose} from "../tf/read.ts";

export const VIEWS = ["signed", "absolute"] as const;
export type View = (typeof VIEWS)[number];

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** 99th percentile of non-negative values (0 for an empty or all-zero map). */
export function percentile(values: Float32Array, q: number): number {
  const s = Float32Array.from(values).sort();
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] : 0;
}

/** The per-pixel magnitude max_c |m|, [H, W]. */
export function magnitude(map: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => tf.max(tf.abs(map), -1).squeeze([0]) as tf.Tensor2D);
}

/**
 * RGBA pixels of one map [1, H, W, 3] in the chosen view. Read asynchronously: a synchronous
 * read destroys the device on WebGPU's software adapter (docs/benchmarks.md "Backends agree").
 */
export async function toRgba(map: tf.Tensor4D, view: View): Promise<Rgba> {
  const [, height, width] = map.shape;
  const out = new Uint8ClampedArray(width * height * 4);
  if (view === "signed") {
    const m = await map.data();
    let peak = 0;
    for (const v of m) peak = Math.max(peak, Math.abs(v));
    const k = peak > 0 ? 0.5 / peak : 0;
    for (let i = 0, j = 0; i < m.length; i += 3, j += 4) {
      for (let c = 0; c < 3; c++) out[j + c] = Math.round(255 * (0.5 + k * m[i + c]));
      out[j + 3] = 255;
    }
  } else {
    const a = (await readAndDispose(magnitude(map))) as Float32Array;
    const top = percentile(a, 0.99) || Math.max(...a) || 1;
    for (let i = 0; i < a.length; i++) {
      const v = Math.round(255 * Math.min(1, a[i] / top));
      out.set([v, v, v, 255], i * 4);
    }
  }
  return {width, height, data: out};
}
