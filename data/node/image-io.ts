// Reading images in Node: PNG (pngjs), JPEG (jpeg-js) and uncompressed BMP (our decoder; the
// mirror's google-coral photos are 24-bit BMPs) -> RGBA bytes. The format is sniffed from the
// first bytes, never from the file name.
import * as fs from "node:fs";
import jpeg from "jpeg-js";
import {PNG} from "pngjs";

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export function sniffFormat(bytes: Uint8Array): "png" | "jpeg" | "bmp" | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 26 && bytes[0] === 0x42 && bytes[1] === 0x4d) return "bmp";
  return undefined;
}

/**
 * BMP with a BITMAPINFOHEADER or later: 24-bit BI_RGB, 32-bit BI_RGB or BI_BITFIELDS.
 * Rows are padded to 4 bytes and stored bottom-up unless the height is negative.
 */
export function decodeBmp(bytes: Uint8Array): RgbaImage {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  if (headerSize < 40) throw new Error(`unsupported BMP header (${headerSize} bytes; OS/2 bitmaps are not supported)`);
  const width = v.getInt32(18, true), rawHeight = v.getInt32(22, true);
  const bpp = v.getUint16(28, true), compression = v.getUint32(30, true);
  const height = Math.abs(rawHeight), topDown = rawHeight < 0;
  if (width <= 0 || height === 0) throw new Error(`bad BMP size ${width}x${rawHeight}`);
  if (bpp !== 24 && bpp !== 32) throw new Error(`unsupported BMP bit depth ${bpp} (24 and 32 are supported)`);
  const BI_RGB = 0, BI_BITFIELDS = 3, BI_ALPHABITFIELDS = 6;
  if (compression !== BI_RGB && !(bpp === 32 && (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS))) {
    throw new Error(`unsupported BMP compression ${compression}`);
  }
  // channel masks: BI_RGB 32-bit is BGRX; bitfields come after the 40-byte header (or inside V4/V5)
  let masks = bpp === 32 ? [0x00ff0000, 0x0000ff00, 0x000000ff, 0] : [];
  if (compression !== BI_RGB) {
    masks = [v.getUint32(54, true), v.getUint32(58, true), v.getUint32(62, true), headerSize >= 56 || compression === BI_ALPHABITFIELDS ? v.getUint32(66, true) : 0];
  }
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) throw new Error(`BMP pixel data truncated (needs ${dataOffset + stride * height} bytes, file has ${bytes.length})`);
  const channel = (px: number, mask: number) => {
    if (!mask) return 255;
    const shift = Math.clz32(mask & -mask) ^ 31, bits = 32 - Math.clz32(mask >>> shift);
    return Math.round((((px & mask) >>> shift) * 255) / (2 ** bits - 1));
  };
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (bpp === 24) {
        const p = row + x * 3;
        data[o] = bytes[p + 2];
        data[o + 1] = bytes[p + 1];
        data[o + 2] = bytes[p];
        data[o + 3] = 255;
      } else {
        const px = v.getUint32(row + x * 4, true);
        data[o] = channel(px, masks[0]);
        data[o + 1] = channel(px, masks[1]);
        data[o + 2] = channel(px, masks[2]);
        data[o + 3] = channel(px, masks[3]);
      }
    }
  }
  return {width, height, data};
}

/** Decodes bytes; `name` is only for error messages. */
export function decodeImage(bytes: Uint8Array, name = "image"): RgbaImage {
  const format = sniffFormat(bytes);
  if (!format) throw new Error(`not an image: ${name} (not PNG, JPEG or BMP)`);
  try {
    if (format === "png") {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return {width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength)};
    }
    if (format === "jpeg") {
      const img = jpeg.decode(bytes, {useTArray: true, formatAsRGBA: true, maxResolutionInMP: 200, maxMemoryUsageInMB: 2048});
      return {width: img.width, height: img.height, data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength)};
    }
    return decodeBmp(bytes);
  } catch (e) {
    throw new Error(`not an image: ${name} (corrupt ${format.toUpperCase()}: ${e instanceof Error ? e.message : String(e)})`);
  }
}

export function readImage(path: string): RgbaImage {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    throw new Error(`cannot read image ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return decodeImage(bytes, path);
}
