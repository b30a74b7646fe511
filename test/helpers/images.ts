// Image files for upload tests, made in the test (no fixtures in the repository).
import {PNG} from "pngjs";

/** An RGBA PNG whose pixels come from `pixel(x, y)`. */
export function pngFile(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const png = new PNG({width, height});
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) png.data.set(pixel(x, y), (y * width + x) * 4);
  return PNG.sync.write(png);
}

export const gradientPng = (w: number, h: number) => pngFile(w, h, (x, y) => [(x * 255) / w, (y * 255) / h, 128, 255]);
