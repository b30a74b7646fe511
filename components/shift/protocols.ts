// The three ways Azulay & Weiss (JMLR 2019, Sec. 2 and Fig. 1) move an image by one pixel:
//   black   - the image, at reduced size, embedded in a larger canvas with a black background,
//             at shifted positions;
//   inpaint - the same with the background filled in (here: harmonic diffusion, ./inpaint.ts);
//   crop    - windows of a larger image, the window moved one pixel at a time.
// All three are "a window of a SOURCE image, moved": the source is the canvas enlarged by the
// sweep's length, and a shift by k moves the window by -k (so the content moves by +k).
import {blankImage, centreSquare, cropRgb, resizeRgb, type RgbImage} from "./image.ts";
import {harmonicInpaint} from "./inpaint.ts";

export type Protocol = "black" | "inpaint" | "crop";
export type Direction = "diagonal" | "x" | "y";
export const PROTOCOLS: readonly Protocol[] = ["black", "inpaint", "crop"];
export const DIRECTIONS: readonly Direction[] = ["diagonal", "x", "y"];

export interface ShiftGeometry {
  /** What the network sees, [height, width]. */
  canvas: [number, number];
  /** The embedded image's size for black and inpaint, [height, width]. */
  inner: [number, number];
  /** Shifts are 0..maxShift pixels. */
  maxShift: number;
  direction: Direction;
}

/**
 * Defaults per kind of network. ImageNet networks: the image scaled to 100 px inside the
 * 224 x 224 input, as in Azulay & Weiss. Our fully convolutional ShapeTex nets: the image at
 * their native size inside a canvas twice as large.
 */
export function defaultGeometry(inputSize: [number, number], fullyConvolutional: boolean, maxShift = 32, direction: Direction = "diagonal"): ShiftGeometry {
  const [h, w] = inputSize;
  if (fullyConvolutional) return {canvas: [2 * h, 2 * w], inner: [h, w], maxShift, direction};
  const side = Math.round((100 / 224) * Math.min(h, w));
  return {canvas: [h, w], inner: [side, side], maxShift, direction};
}

const step = (direction: Direction): [number, number] => (direction === "x" ? [1, 0] : direction === "y" ? [0, 1] : [1, 1]);

/** Top-left corner [x, y] in the source of the window for a shift of k pixels. */
export function windowOrigin(g: ShiftGeometry, k: number): [number, number] {
  const [dx, dy] = step(g.direction);
  const half = Math.floor(g.maxShift / 2);
  return [dx ? g.maxShift - k : half, dy ? g.maxShift - k : half];
}

export interface ShiftSource {
  image: RgbImage;
  geometry: ShiftGeometry;
  protocol: Protocol;
}

/** Where the embedded image sits in the source: centred in the canvas at the sweep's middle. */
function innerOrigin(g: ShiftGeometry): [number, number] {
  const [H, W] = g.canvas, [h, w] = g.inner;
  return [Math.floor((W - w + g.maxShift) / 2), Math.floor((H - h + g.maxShift) / 2)];
}

/** The source image every shifted view of `img` is a window of. */
export function shiftSource(img: RgbImage, protocol: Protocol, g: ShiftGeometry): ShiftSource {
  const [H, W] = g.canvas, N = g.maxShift;
  if (!(Number.isInteger(N) && N >= 0)) throw new Error(`max shift must be a whole number of pixels, got ${N}`);
  if (protocol === "crop") {
    // scale so the image covers the canvas plus the sweep, then keep the centre
    const s = Math.max((W + N) / img.width, (H + N) / img.height);
    const big = resizeRgb(img, Math.max(W + N, Math.round(img.width * s)), Math.max(H + N, Math.round(img.height * s)));
    return {image: cropRgb(big, Math.floor((big.width - W - N) / 2), Math.floor((big.height - H - N) / 2), W + N, H + N), geometry: g, protocol};
  }
  if (protocol !== "black" && protocol !== "inpaint") throw new Error(`unknown protocol "${protocol}" (black, inpaint or crop)`);
  const [h, w] = g.inner;
  const inner = resizeRgb(centreSquareIfSquare(img, h, w), w, h);
  const source = blankImage(W + N, H + N);
  const known = new Uint8Array((W + N) * (H + N));
  const [ox, oy] = innerOrigin(g);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = ox + x, sy = oy + y;
      if (sx < 0 || sy < 0 || sx >= W + N || sy >= H + N) continue;
      const o = sy * (W + N) + sx;
      known[o] = 1;
      source.data.set(inner.data.subarray((y * w + x) * 3, (y * w + x) * 3 + 3), o * 3);
    }
  }
  return {image: protocol === "inpaint" ? harmonicInpaint(source, known) : source, geometry: g, protocol};
}

/** Square targets take the image's centre square (no distortion); others stretch. */
function centreSquareIfSquare(img: RgbImage, h: number, w: number): RgbImage {
  return h === w && img.width !== img.height ? centreSquare(img) : img;
}

/** The view for a shift of k pixels (content moved by k along the direction). */
export function shiftedView(source: ShiftSource, k: number): RgbImage {
  const [x, y] = windowOrigin(source.geometry, k);
  const [H, W] = source.geometry.canvas;
  return cropRgb(source.image, x, y, W, H);
}

/** Shifts 0..maxShift. */
export function shiftRange(g: ShiftGeometry): number[] {
  return Array.from({length: g.maxShift + 1}, (_, k) => k);
}

/** All views of a sweep in one NHWC buffer (what one batched forward pass takes). */
export function shiftedBatch(source: ShiftSource, shifts: number[] = shiftRange(source.geometry)): Float32Array {
  const [H, W] = source.geometry.canvas, px = H * W * 3;
  const out = new Float32Array(shifts.length * px);
  shifts.forEach((k, i) => out.set(shiftedView(source, k).data, i * px));
  return out;
}
