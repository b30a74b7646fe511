// RGBA images to PNG files (pngjs), for renders made in Node.
import * as fs from "node:fs";
import * as path from "node:path";
import {PNG} from "pngjs";

export interface RGBA {
  width: number;
  height: number;
  /** width * height * 4 bytes, row-major RGBA. */
  data: Uint8ClampedArray | Uint8Array;
}

export function encodePng({width, height, data}: RGBA): Buffer {
  if (data.length !== width * height * 4) throw new Error(`PNG: expected ${width * height * 4} bytes for ${width}x${height} RGBA, got ${data.length}`);
  const png = new PNG({width, height});
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return PNG.sync.write(png);
}

export function writePng(file: string, image: RGBA): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), {recursive: true});
  fs.writeFileSync(file, encodePng(image));
}

export function readPng(file: string): RGBA {
  const png = PNG.sync.read(fs.readFileSync(file));
  return {width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength)};
}
