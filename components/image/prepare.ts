// Pixels of any decoded image -> the model's input: [1, h, w, 3] float RGB in [0, 1].
// Transparency is composited over white (how a page shows it), grayscale is spread to three
// channels, and big images are box-averaged down first so bilinear resizing does not alias.
import * as tf from "@tensorflow/tfjs";

export type Fit = "center-crop" | "stretch";

export interface PrepareOptions {
  /** center-crop keeps the aspect ratio and crops the long side; stretch resizes each axis. */
  fit?: Fit;
}

/**
 * Flattens 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels, inferred from the length,
 * to RGB floats in [0, 1], alpha composited over white.
 */
export function toRgb01(pixels: ArrayLike<number>, width: number, height: number): Float32Array {
  const n = width * height;
  const channels = pixels.length / n;
  if (!Number.isInteger(channels) || channels < 1 || channels > 4) {
    throw new Error(`pixel buffer of length ${pixels.length} does not fit ${width}x${height} with 1 to 4 channels`);
  }
  const out = new Float32Array(n * 3);
  const hasAlpha = channels === 2 || channels === 4;
  for (let i = 0; i < n; i++) {
    const p = i * channels;
    const a = hasAlpha ? pixels[p + channels - 1] / 255 : 1;
    for (let c = 0; c < 3; c++) {
      const v = (channels >= 3 ? pixels[p + c] : pixels[p]) / 255;
      out[i * 3 + c] = v * a + (1 - a);
    }
  }
  return out;
}

/** Averages k x k blocks (the trailing partial block is averaged over what is there). */
export function boxDownsample(rgb: Float32Array, width: number, height: number, k: number): {data: Float32Array; width: number; height: number} {
  const w = Math.ceil(width / k), h = Math.ceil(height / k);
  const out = new Float32Array(w * h * 3), count = new Float32Array(w * h);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / k) * w;
    for (let x = 0; x < width; x++) {
      const o = row + Math.floor(x / k), i = (y * width + x) * 3;
      out[o * 3] += rgb[i];
      out[o * 3 + 1] += rgb[i + 1];
      out[o * 3 + 2] += rgb[i + 2];
      count[o]++;
    }
  }
  for (let o = 0; o < w * h; o++) for (let c = 0; c < 3; c++) out[o * 3 + c] /= count[o];
  return {data: out, width: w, height: h};
}

/** The image size to resize to before cropping, so that the crop fills [h, w]. */
function resizedSize(width: number, height: number, [h, w]: [number, number], fit: Fit): [number, number] {
  if (fit === "stretch") return [h, w];
  const s = Math.max(h / height, w / width);
  return [Math.max(h, Math.round(height * s)), Math.max(w, Math.round(width * s))];
}

export function toModelInput(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  size: [number, number],
  {fit = "center-crop"}: PrepareOptions = {},
): tf.Tensor4D {
  if (!(width > 0 && height > 0)) throw new Error(`bad image size ${width}x${height}`);
  const [rh, rw] = resizedSize(width, height, size, fit);
  let img = {data: toRgb01(pixels, width, height), width, height};
  // area-average big reductions first: bilinear alone would skip pixels and alias
  const k = Math.floor(Math.min(width / rw, height / rh));
  if (k >= 2) img = boxDownsample(img.data, img.width, img.height, k);
  return tf.tidy(() => {
    const t = tf.tensor4d(img.data, [1, img.height, img.width, 3]);
    const resized = img.height === rh && img.width === rw ? t : tf.image.resizeBilinear(t, [rh, rw], false, true);
    const top = Math.floor((rh - size[0]) / 2), left = Math.floor((rw - size[1]) / 2);
    return tf.clipByValue(tf.slice(resized, [0, top, left, 0], [1, size[0], size[1], 3]), 0, 1) as tf.Tensor4D;
  });
}
