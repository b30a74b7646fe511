// The RGB images the shift protocols move around: float RGB, HWC, in [0, 1], no tf, so the
// geometry is plain arithmetic that unit tests can check pixel by pixel.
export interface RgbImage {
  data: Float32Array;
  width: number;
  height: number;
}

export function blankImage(width: number, height: number, value = 0): RgbImage {
  return {data: new Float32Array(width * height * 3).fill(value), width, height};
}

/** Centre square of an image (the long side is cropped). */
export function centreSquare(img: RgbImage): RgbImage {
  const side = Math.min(img.width, img.height);
  return cropRgb(img, Math.floor((img.width - side) / 2), Math.floor((img.height - side) / 2), side, side);
}

export function cropRgb(img: RgbImage, x0: number, y0: number, width: number, height: number): RgbImage {
  if (x0 < 0 || y0 < 0 || x0 + width > img.width || y0 + height > img.height) throw new Error(`crop ${width}x${height}+${x0}+${y0} outside a ${img.width}x${img.height} image`);
  const out = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) out.set(img.data.subarray(((y0 + y) * img.width + x0) * 3, ((y0 + y) * img.width + x0 + width) * 3), y * width * 3);
  return {data: out, width, height};
}

/**
 * Resize to width x height: integer box-averaging first when shrinking a lot (bilinear alone
 * would skip pixels and alias, which is the very thing this chapter measures), then bilinear
 * with half-pixel centres.
 */
export function resizeRgb(img: RgbImage, width: number, height: number): RgbImage {
  if (img.width === width && img.height === height) return {data: img.data.slice(), width, height};
  const k = Math.floor(Math.min(img.width / width, img.height / height));
  const src = k >= 2 ? boxShrink(img, k) : img;
  const out = new Float32Array(width * height * 3);
  const sx = src.width / width, sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(src.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy), y1 = Math.min(src.height - 1, y0 + 1), ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(src.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx), x1 = Math.min(src.width - 1, x0 + 1), tx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const a = src.data[(y0 * src.width + x0) * 3 + c], b = src.data[(y0 * src.width + x1) * 3 + c];
        const d = src.data[(y1 * src.width + x0) * 3 + c], e = src.data[(y1 * src.width + x1) * 3 + c];
        out[(y * width + x) * 3 + c] = (a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty;
      }
    }
  }
  return {data: out, width, height};
}

function boxShrink(img: RgbImage, k: number): RgbImage {
  const w = Math.floor(img.width / k), h = Math.floor(img.height / k), out = new Float32Array(w * h * 3);
  for (let y = 0; y < h * k; y++) {
    for (let x = 0; x < w * k; x++) {
      const o = (Math.floor(y / k) * w + Math.floor(x / k)) * 3, i = (y * img.width + x) * 3;
      out[o] += img.data[i];
      out[o + 1] += img.data[i + 1];
      out[o + 2] += img.data[i + 2];
    }
  }
  const inv = 1 / (k * k);
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  return {data: out, width: w, height: h};
}

/** RGBA bytes (a decoded file or canvas ImageData) -> RgbImage, alpha composited over white. */
export function fromRgba(rgba: ArrayLike<number>, width: number, height: number): RgbImage {
  const n = width * height, channels = rgba.length / n;
  if (channels !== 4 && channels !== 3) throw new Error(`expected RGB or RGBA pixels for ${width}x${height}, got ${rgba.length} values`);
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = channels === 4 ? rgba[i * 4 + 3] / 255 : 1;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = (rgba[i * channels + c] / 255) * a + (1 - a);
  }
  return {data: out, width, height};
}

/** RgbImage -> RGBA bytes for a canvas or a PNG. */
export function toRgba(img: RgbImage): Uint8ClampedArray<ArrayBuffer> {
  const n = img.width * img.height, out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = Math.round(img.data[i * 3 + c] * 255);
    out[i * 4 + 3] = 255;
  }
  return out;
}
