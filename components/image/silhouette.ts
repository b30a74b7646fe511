// A filled silhouette (Geirhos et al., ICLR 2019, Section 2.2 "Silhouette": the object in black
// on white). Theirs were made by hand; ours is automatic and works best on an object against a
// plain background: threshold the luminance at Otsu's level, call "background" the side that
// covers more of the image border, then fill every hole the border cannot reach.
import {grayToRgba, luminance, type GrayImage, type RgbaImage} from "./grayscale.ts";

/** Otsu's threshold (1979): the level maximising the between-class variance of a 256-bin histogram. */
export function otsuThreshold(values: ArrayLike<number>): number {
  const bins = new Float64Array(256);
  for (let i = 0; i < values.length; i++) bins[Math.min(255, Math.max(0, Math.round(values[i] * 255)))]++;
  const total = values.length;
  let sumAll = 0;
  for (let b = 0; b < 256; b++) sumAll += b * bins[b];
  let w0 = 0, sum0 = 0, best = 0, bestVar = -1;
  for (let b = 0; b < 256; b++) {
    w0 += bins[b];
    if (w0 === 0) continue;
    const w1 = total - w0;
    if (w1 === 0) break;
    sum0 += b * bins[b];
    const m0 = sum0 / w0, m1 = (sumAll - sum0) / w1;
    const between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > bestVar) (bestVar = between, best = b);
  }
  return (best + 0.5) / 255;
}

/** Foreground mask (1 = object): Otsu split, background = the side holding most border pixels. */
export function foregroundMask(g: GrayImage): Uint8Array {
  const {width: w, height: h, data} = g;
  const t = otsuThreshold(data);
  const mask = new Uint8Array(w * h);
  let borderDark = 0, border = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const dark = data[y * w + x] < t;
    mask[y * w + x] = dark ? 1 : 0;
    if (x === 0 || y === 0 || x === w - 1 || y === h - 1) (border++, (borderDark += dark ? 1 : 0));
  }
  if (borderDark > border / 2) for (let i = 0; i < mask.length; i++) mask[i] ^= 1; // background is dark: the object is the light side
  return mask;
}

/** Fill holes: background pixels not 4-connected to the border become foreground. */
export function fillHoles(mask: Uint8Array, w: number, h: number): Uint8Array {
  const reached = new Uint8Array(w * h), stack: number[] = [];
  const push = (i: number) => { if (!mask[i] && !reached[i]) (reached[i] = 1, stack.push(i)); };
  for (let x = 0; x < w; x++) (push(x), push((h - 1) * w + x));
  for (let y = 0; y < h; y++) (push(y * w), push(y * w + w - 1));
  while (stack.length) {
    const i = stack.pop()!, x = i % w, y = (i - x) / w;
    if (x > 0) push(i - 1);
    if (x < w - 1) push(i + 1);
    if (y > 0) push(i - w);
    if (y < h - 1) push(i + w);
  }
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = reached[i] ? 0 : 1;
  return out;
}

/** Black filled silhouette on white. */
export function silhouette(img: RgbaImage): RgbaImage {
  const g = luminance(img);
  const filled = fillHoles(foregroundMask(g), g.width, g.height);
  const out = new Float32Array(filled.length);
  for (let i = 0; i < out.length; i++) out[i] = filled[i] ? 0 : 1;
  return grayToRgba({width: g.width, height: g.height, data: out});
}
