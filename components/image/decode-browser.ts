// Decode a file the reader uploads into RGBA pixels, in the browser. Every way an upload can
// go wrong ends in an UploadError with a sentence for the reader; every adjustment we make
// (downscaling, flattening transparency) is reported as a notice, never done silently.
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface DecodedUpload {
  image: RgbaImage;
  name: string;
  /** Size of the file as stored, before any downscaling. */
  original: {width: number; height: number};
  grayscale: boolean;
  hadAlpha: boolean;
  downscaled: boolean;
  /** Sentences that say what was done to the image. */
  notices: string[];
}

export type UploadProblem = "empty" | "not-image" | "corrupt" | "too-large";

export class UploadError extends Error {
  constructor(readonly problem: UploadProblem, message: string) {
    super(message);
    this.name = "UploadError";
  }
}

export interface DecodeOptions {
  /** Longest side after decoding; larger images are downscaled to it. */
  maxSide?: number;
  /** Refuse images with more pixels than this (decompression bombs). */
  maxPixels?: number;
}

type Format = "png" | "jpeg" | "gif" | "webp" | "bmp";

/** The image format from the file's first bytes; the name and MIME type can lie. */
export function sniffFormat(head: Uint8Array): Format | null {
  const at = (i: number, ...bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (at(0, 0xff, 0xd8, 0xff)) return "jpeg";
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return "gif";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "webp";
  if (at(0, 0x42, 0x4d)) return "bmp";
  return null;
}

/**
 * Whether the file ends the way its format must end. Browsers paint a truncated PNG or
 * JPEG as far as the bytes go (grey below), which would be classified as if it were real.
 */
export function looksComplete(format: Format, bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (format === "png") {
    // The last chunk is IEND: length 0, type "IEND", CRC AE 42 60 82.
    const iend = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
    return n >= 20 && iend.every((b, k) => bytes[n - 8 + k] === b);
  }
  if (format === "jpeg") {
    // EOI marker FF D9, allowing a little trailing padding some encoders add.
    for (let i = n - 2; i >= Math.max(2, n - 1024); i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
    return false;
  }
  return n > 32;
}

function canvas(width: number, height: number): {ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D} {
  if (typeof OffscreenCanvas !== "undefined") {
    const ctx = new OffscreenCanvas(width, height).getContext("2d", {willReadFrequently: true});
    if (ctx) return {ctx};
  }
  const c = document.createElement("canvas");
  c.width = width;
  c.height = height;
  const ctx = c.getContext("2d", {willReadFrequently: true});
  if (!ctx) throw new Error("no 2-D canvas available");
  return {ctx};
}

async function decodeBitmap(blob: Blob): Promise<ImageBitmap | HTMLImageElement> {
  if (typeof createImageBitmap === "function") return createImageBitmap(blob, {imageOrientation: "from-image", premultiplyAlpha: "none", colorSpaceConversion: "default"});
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

const sizeText = (w: number, h: number) => `${w}×${h}`;

/** Decode, downscale to at most maxSide, flatten alpha over white, and report what was done. */
export async function decodeImageFile(file: Blob, options: DecodeOptions = {}): Promise<DecodedUpload> {
  const {maxSide = 1024, maxPixels = 100e6} = options;
  const name = (file as File).name ?? "upload";
  if (file.size === 0) throw new UploadError("empty", `“${name}” is empty (0 bytes).`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = sniffFormat(bytes.subarray(0, 16));
  if (!format) throw new UploadError("not-image", `“${name}” is not an image: its contents are not PNG, JPEG, GIF, WebP or BMP${file.type && !file.type.startsWith("image/") ? ` (it is ${file.type})` : ""}.`);
  if (!looksComplete(format, bytes)) throw new UploadError("corrupt", `“${name}” is a damaged ${format.toUpperCase()} file (it ends early); try saving it again.`);
  let bitmap: ImageBitmap | HTMLImageElement;
  try {
    bitmap = await decodeBitmap(new Blob([bytes], {type: `image/${format}`}));
  } catch {
    throw new UploadError("corrupt", `“${name}” could not be decoded as ${format.toUpperCase()}: the file is damaged.`);
  }
  const w0 = bitmap.width, h0 = bitmap.height;
  if (!w0 || !h0) throw new UploadError("corrupt", `“${name}” has no pixels.`);
  if (w0 * h0 > maxPixels) throw new UploadError("too-large", `“${name}” is ${sizeText(w0, h0)} pixels, too large to decode here (limit ${(maxPixels / 1e6).toFixed(0)} megapixels).`);
  const scale = Math.min(1, maxSide / Math.max(w0, h0));
  const width = Math.max(1, Math.round(w0 * scale)), height = Math.max(1, Math.round(h0 * scale));
  const {ctx} = canvas(width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, width, height);
  if ("close" in bitmap) bitmap.close();
  const data = ctx.getImageData(0, 0, width, height).data;
  const {hadAlpha, grayscale} = flattenOverWhite(data);
  const notices: string[] = [];
  if (scale < 1) notices.push(`Downscaled from ${sizeText(w0, h0)} to ${sizeText(width, height)} pixels (at most ${maxSide} on the long side).`);
  if (hadAlpha) notices.push("The image has transparent parts; they were composited over white.");
  if (grayscale) notices.push("The image is grayscale; its gray value is used for red, green and blue.");
  return {image: {width, height, data}, name, original: {width: w0, height: h0}, grayscale, hadAlpha, downscaled: scale < 1, notices};
}

/** Composite RGBA (straight alpha) over white in place; say whether any alpha and colour existed. */
export function flattenOverWhite(data: Uint8ClampedArray): {hadAlpha: boolean; grayscale: boolean} {
  let hadAlpha = false, grayscale = true;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3];
    if (a !== 255) {
      hadAlpha = true;
      const t = a / 255, white = 255 * (1 - t);
      data[i] = data[i] * t + white;
      data[i + 1] = data[i + 1] * t + white;
      data[i + 2] = data[i + 2] * t + white;
      data[i + 3] = 255;
    }
    if (grayscale && (data[i] !== data[i + 1] || data[i] !== data[i + 2])) grayscale = false;
  }
  return {hadAlpha, grayscale};
}
