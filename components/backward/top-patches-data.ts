// The precomputed form of the top-activations figure (Zeiler & Fergus 2014, Fig. 2): for each
// layer and channel of a network, its 9 strongest units over the generated ShapeTex image set,
// with each unit's box and its deconvnet reconstruction as 8-bit RGB of the signed view (what the
// figure draws). Images travel as base64 RGB bytes: small for these 32 px networks and
// byte-identical on every build, where a PNG encoder's output could change with its version.
import type {Box} from "./top-patches.ts";
import type {Rgba} from "./view.ts";
import type {Rule} from "./rules.ts";

export interface StoredPatch {
  image: number;
  activation: number;
  row: number;
  col: number;
  box: Box;
  /** The reconstruction cropped to the box, signed view, base64 RGB (box.size² × 3 bytes). */
  recon: string;
}

export interface PrecomputedTopPatches {
  key: string;
  model: string;
  rule: Rule;
  k: number;
  set: {generator: "shapetex"; seed: number; n: number; side: number};
  /** The figure's layer menu for this network (every map layer, input to output): the figure builds its controls from it without loading the network. */
  menu: Array<{name: string; shape: number[]}>;
  /** The model's input size [H, W]: the size of every image below. */
  size: [number, number];
  /** The image set at the input size, base64 RGB, round(255 x). */
  images: string[];
  /** layer → channel → the k strongest units, best first (the menu's layers up to the default one). */
  layers: Record<string, StoredPatch[][]>;
  seconds: number;
}

export function rgbToBase64(rgba: Rgba): string {
  const n = rgba.width * rgba.height;
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(rgba.data[4 * i], rgba.data[4 * i + 1], rgba.data[4 * i + 2]);
  return btoa(s);
}

export function rgbFromBase64(b64: string, width: number, height: number): Rgba {
  const s = atob(b64);
  if (s.length !== width * height * 3) throw new Error(`expected ${width * height * 3} RGB bytes, got ${s.length}`);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[4 * i] = s.charCodeAt(3 * i);
    data[4 * i + 1] = s.charCodeAt(3 * i + 1);
    data[4 * i + 2] = s.charCodeAt(3 * i + 2);
    data[4 * i + 3] = 255;
  }
  return {width, height, data};
}

/** A square crop of an RGBA image. */
export function cropRgba(img: Rgba, box: Box): Rgba {
  const data = new Uint8ClampedArray(box.size * box.size * 4);
  for (let y = 0; y < box.size; y++) data.set(img.data.subarray(4 * ((box.y + y) * img.width + box.x), 4 * ((box.y + y) * img.width + box.x + box.size)), 4 * y * box.size);
  return {width: box.size, height: box.size, data};
}

/** A [1, H, W, 3] image in [0, 1] as RGBA bytes, the way the figure draws a patch (round(255 x), clamped). */
export function unitRgba(values: ArrayLike<number>, width: number, height: number): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let j = 0; j < width * height; j++) data.set([values[3 * j] * 255, values[3 * j + 1] * 255, values[3 * j + 2] * 255, 255], 4 * j);
  return {width, height, data};
}
