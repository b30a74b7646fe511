// Canny's edge detector (Canny, "A Computational Approach to Edge Detection", IEEE TPAMI 1986),
// the edge stimuli of Geirhos et al. (ICLR 2019, Section 2.2 "Edges"; theirs came from
// MATLAB's implementation): Gaussian smoothing, Sobel gradients, non-maximum suppression
// along the gradient direction (thin edges), and hysteresis between two thresholds (long,
// connected edges; isolated weak responses dropped).
import {grayToRgba, luminance, type GrayImage, type RgbaImage} from "./grayscale.ts";

export interface CannyOptions {
  /** Std of the Gaussian, in pixels. */
  sigma?: number;
  /** Thresholds as fractions of the largest gradient magnitude (MATLAB's convention). */
  low?: number;
  high?: number;
}

/** Separable Gaussian blur with edge replication. */
export function gaussianBlur(g: GrayImage, sigma: number): GrayImage {
  if (sigma <= 0) return {width: g.width, height: g.height, data: Float32Array.from(g.data)};
  const r = Math.max(1, Math.ceil(3 * sigma)), k = new Float32Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= s;
  const {width: w, height: h} = g, tmp = new Float32Array(w * h), out = new Float32Array(w * h);
  const clamp = (v: number, n: number) => (v < 0 ? 0 : v >= n ? n - 1 : v);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let a = 0;
    for (let i = -r; i <= r; i++) a += k[i + r] * g.data[y * w + clamp(x + i, w)];
    tmp[y * w + x] = a;
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let a = 0;
    for (let i = -r; i <= r; i++) a += k[i + r] * tmp[clamp(y + i, h) * w + x];
    out[y * w + x] = a;
  }
  return {width: w, height: h, data: out};
}

/** Sobel derivatives (edge-replicated borders). */
export function sobel(g: GrayImage): {gx: Float32Array; gy: Float32Array; magnitude: Float32Array} {
  const {width: w, height: h, data} = g;
  const at = (x: number, y: number) => data[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
  const gx = new Float32Array(w * h), gy = new Float32Array(w * h), magnitude = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = y * w + x;
    gx[i] = at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x - 1, y) - at(x - 1, y + 1);
    gy[i] = at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x, y - 1) - at(x + 1, y - 1);
    magnitude[i] = Math.hypot(gx[i], gy[i]);
  }
  return {gx, gy, magnitude};
}

/** Keep a pixel only where its magnitude is a maximum along the gradient direction (4 sectors). */
export function nonMaximumSuppression(magnitude: Float32Array, gx: Float32Array, gy: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 1; y < h - 1; y++) for (let x = 1; x < w - 1; x++) {
    const i = y * w + x, m = magnitude[i];
    if (m === 0) continue;
    // the direction of the gradient, folded into [0, 180) degrees and snapped to 0/45/90/135
    let a = (Math.atan2(gy[i], gx[i]) * 180) / Math.PI;
    if (a < 0) a += 180;
    let dx: number, dy: number;
    if (a < 22.5 || a >= 157.5) (dx = 1, dy = 0);
    else if (a < 67.5) (dx = 1, dy = 1);
    else if (a < 112.5) (dx = 0, dy = 1);
    else (dx = -1, dy = 1);
    const m1 = magnitude[i + dy * w + dx], m2 = magnitude[i - dy * w - dx];
    // ">" on one side and ">=" on the other, so a plateau two pixels wide keeps one of them
    if (m > m1 && m >= m2) out[i] = m;
  }
  return out;
}

/** Hysteresis: strong pixels are edges, weak ones only when 8-connected to a strong one. */
export function hysteresis(nms: Float32Array, w: number, h: number, low: number, high: number): Uint8Array {
  const edges = new Uint8Array(w * h), stack: number[] = [];
  for (let i = 0; i < nms.length; i++) if (nms[i] >= high) (edges[i] = 1, stack.push(i));
  while (stack.length) {
    const i = stack.pop()!, x = i % w, y = (i - x) / w;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
      const j = yy * w + xx;
      if (!edges[j] && nms[j] >= low) (edges[j] = 1, stack.push(j));
    }
  }
  return edges;
}

/** Binary edge map (1 = edge) of a gray image. */
export function cannyEdges(g: GrayImage, {sigma = 1.4, low = 0.08, high = 0.2}: CannyOptions = {}): Uint8Array {
  const {width: w, height: h} = g;
  const {gx, gy, magnitude} = sobel(gaussianBlur(g, sigma));
  let max = 0;
  for (let i = 0; i < magnitude.length; i++) if (magnitude[i] > max) max = magnitude[i];
  if (max < 1e-6) return new Uint8Array(w * h); // a flat image has no edges
  const nms = nonMaximumSuppression(magnitude, gx, gy, w, h);
  return hysteresis(nms, w, h, low * max, high * max);
}

/** The paper's edge stimulus: black edges on white. */
export function canny(img: RgbaImage, options?: CannyOptions): RgbaImage {
  const g = luminance(img);
  const e = cannyEdges(g, options), out = new Float32Array(e.length);
  for (let i = 0; i < e.length; i++) out[i] = e[i] ? 0 : 1;
  return grayToRgba({width: g.width, height: g.height, data: out});
}
