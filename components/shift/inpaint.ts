// "Inpainted background" for the embedding protocol: the unknown pixels around an image are
// filled with the HARMONIC extension of the known ones (each unknown pixel the mean of its four
// neighbours, i.e. Laplace's equation with the image as boundary condition and a reflecting
// outer border). The result is smooth, continues the image's edge colours outward, and has no
// edge of its own for a shift to move across. Azulay & Weiss (JMLR 2019, Sec. 2) used a more
// elaborate inpainting (texture-aware); diffusion is the simplest fill that removes the black
// frame's strong edges, which is what the protocol is about.
//
// Solver: a coarse-to-fine cascade. Each level halves the grid (a pixel is known if any of its
// 2x2 children is, with their mean), is solved recursively, is upsampled as the starting guess,
// then relaxed with successive over-relaxation (SOR) sweeps. Plain Jacobi on a 256-pixel grid
// needs ~10^4 sweeps; the cascade's starting guess plus SOR needs tens per level.
import type {RgbImage} from "./image.ts";

export interface InpaintOptions {
  /** SOR sweeps per level. */
  sweeps?: number;
}

/** Fill the pixels where `known[i]` is 0 with the harmonic extension of the others. */
export function harmonicInpaint(img: RgbImage, known: Uint8Array, {sweeps = 40}: InpaintOptions = {}): RgbImage {
  if (known.length !== img.width * img.height) throw new Error("mask size does not match the image");
  if (!known.some((k) => k)) throw new Error("nothing to inpaint from: the mask is empty");
  return {data: solve(img.data, known, img.width, img.height, sweeps), width: img.width, height: img.height};
}

function solve(values: Float32Array, known: Uint8Array, w: number, h: number, sweeps: number): Float32Array {
  const out = values.slice();
  if (w > 4 && h > 4) {
    // restrict: coarse pixel = mean of its known children
    const cw = Math.ceil(w / 2), ch = Math.ceil(h / 2);
    const cv = new Float32Array(cw * ch * 3), ck = new Uint8Array(cw * ch), count = new Float32Array(cw * ch);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (!known[y * w + x]) continue;
        const o = (y >> 1) * cw + (x >> 1);
        ck[o] = 1;
        count[o]++;
        for (let c = 0; c < 3; c++) cv[o * 3 + c] += values[(y * w + x) * 3 + c];
      }
    }
    for (let o = 0; o < cw * ch; o++) if (count[o]) for (let c = 0; c < 3; c++) cv[o * 3 + c] /= count[o];
    const coarse = solve(cv, ck, cw, ch, sweeps);
    // prolong: unknown fine pixels start from their coarse parent
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (known[y * w + x]) continue;
        const o = (y >> 1) * cw + (x >> 1);
        for (let c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = coarse[o * 3 + c];
      }
    }
  } else {
    // the coarsest grid: start from the mean of the known pixels
    const mean = [0, 0, 0];
    let n = 0;
    for (let i = 0; i < w * h; i++) if (known[i]) (n++, [0, 1, 2].forEach((c) => (mean[c] += values[i * 3 + c])));
    for (let i = 0; i < w * h; i++) if (!known[i]) for (let c = 0; c < 3; c++) out[i * 3 + c] = mean[c] / n;
  }
  relax(out, known, w, h, sweeps);
  return out;
}

/** SOR: each unknown pixel moves past the mean of its in-bounds 4-neighbours (Neumann border). */
function relax(v: Float32Array, known: Uint8Array, w: number, h: number, sweeps: number): void {
  const omega = 2 / (1 + Math.sin(Math.PI / Math.max(w, h))); // the classic optimum for Laplace on a grid
  for (let s = 0; s < sweeps; s++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        if (known[i]) continue;
        for (let c = 0; c < 3; c++) {
          let acc = 0, n = 0;
          if (x > 0) (acc += v[(i - 1) * 3 + c], n++);
          if (x < w - 1) (acc += v[(i + 1) * 3 + c], n++);
          if (y > 0) (acc += v[(i - w) * 3 + c], n++);
          if (y < h - 1) (acc += v[(i + w) * 3 + c], n++);
          v[i * 3 + c] += omega * (acc / n - v[i * 3 + c]);
        }
      }
    }
  }
}
