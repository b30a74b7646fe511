// Small pixel operations for build-time sample images (RGBA bytes, no tf needed).
import jpeg from "jpeg-js";
import {PNG} from "pngjs";

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** The largest centred square. */
export function centerCrop(img: Rgba): Rgba {
  const side = Math.min(img.width, img.height);
  const x0 = Math.floor((img.width - side) / 2), y0 = Math.floor((img.height - side) / 2);
  const data = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y++) data.set(img.data.subarray(((y + y0) * img.width + x0) * 4, ((y + y0) * img.width + x0 + side) * 4), y * side * 4);
  return {width: side, height: side, data};
}

/**
 * Downscale by area averaging (each output pixel is the mean of the input area it covers),
 * which does not alias the way point or bilinear sampling does at large factors.
 */
export function resizeArea(img: Rgba, width: number, height: number): Rgba {
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = img.width / width, sy = img.height / height;
  const acc = new Float64Array(4);
  for (let oy = 0; oy < height; oy++) {
    const y0 = oy * sy, y1 = y0 + sy;
    for (let ox = 0; ox < width; ox++) {
      const x0 = ox * sx, x1 = x0 + sx;
      acc.fill(0);
      let total = 0;
      for (let y = Math.floor(y0); y < Math.min(img.height, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(img.width, Math.ceil(x1)); x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          const i = (y * img.width + x) * 4;
          for (let c = 0; c < 4; c++) acc[c] += w * img.data[i + c];
          total += w;
        }
      }
      for (let c = 0; c < 4; c++) out[(oy * width + ox) * 4 + c] = Math.round(acc[c] / total);
    }
  }
  return {width, height, data: out};
}

/** Shrink so the long side is at most `maxSide` (never enlarges). */
export function fitWithin(img: Rgba, maxSide: number): Rgba {
  const s = Math.min(1, maxSide / Math.max(img.width, img.height));
  return s === 1 ? img : resizeArea(img, Math.max(1, Math.round(img.width * s)), Math.max(1, Math.round(img.height * s)));
}

/** Float RGB in [0, 1] (HWC) -> RGBA bytes. */
export function fromFloatRgb(rgb: Float32Array, width: number, height: number): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    data[i * 4] = rgb[j] * 255 + 0.5;
    data[i * 4 + 1] = rgb[j + 1] * 255 + 0.5;
    data[i * 4 + 2] = rgb[j + 2] * 255 + 0.5;
    data[i * 4 + 3] = 255;
  }
  return {width, height, data};
}

export function jpegDataUrl(img: Rgba, quality = 88): string {
  const encoded = jpeg.encode({width: img.width, height: img.height, data: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength)}, quality);
  return `data:image/jpeg;base64,${Buffer.from(encoded.data).toString("base64")}`;
}

export function pngDataUrl(img: Rgba): string {
  const png = new PNG({width: img.width, height: img.height});
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return `data:image/png;base64,${PNG.sync.write(png).toString("base64")}`;
}
