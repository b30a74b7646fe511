// A texture stimulus from any image (after Geirhos et al., ICLR 2019, Section 2.2 "Texture":
// theirs were photos of a texture, e.g. elephant skin, or many repetitions of an object).
// Ours takes a square patch from inside the image and tiles it, mirroring every other tile so
// there are no seams: local statistics survive, the global shape does not.
import type {RgbaImage} from "./grayscale.ts";

export interface TexturePatchOptions {
  /** Patch side as a fraction of the image's shorter side. */
  fraction?: number;
  /** Patch centre as fractions of width and height (default the middle). */
  center?: [number, number];
}

export function texturePatch(img: RgbaImage, {fraction = 0.25, center = [0.5, 0.5]}: TexturePatchOptions = {}): RgbaImage {
  const {width: w, height: h, data} = img;
  const side = Math.max(2, Math.min(w, h, Math.round(Math.min(w, h) * fraction)));
  const x0 = Math.min(w - side, Math.max(0, Math.round(center[0] * w - side / 2)));
  const y0 = Math.min(h - side, Math.max(0, Math.round(center[1] * h - side / 2)));
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const ty = Math.floor(y / side), oy = y % side, sy = ty % 2 ? side - 1 - oy : oy;
    for (let x = 0; x < w; x++) {
      const tx = Math.floor(x / side), ox = x % side, sx = tx % 2 ? side - 1 - ox : ox;
      const s = ((y0 + sy) * w + (x0 + sx)) * 4, o = (y * w + x) * 4;
      out[o] = data[s];
      out[o + 1] = data[s + 1];
      out[o + 2] = data[s + 2];
      out[o + 3] = 255;
    }
  }
  return {width: w, height: h, data: out};
}
