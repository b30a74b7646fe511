// ShapeTex: a seeded procedural dataset of shapes filled with textures, after the
// Trifeature data of Hermann, Chen & Kornblith (2020, "The Origins and Prevalence of Texture
// Bias in Convolutional Neural Networks"). The label of an image is its SHAPE. Shape i has a
// "partner" texture i; `textureAgreement` sets how often a training image's texture is its
// shape's partner, so the data itself decides whether texture is a usable shortcut.
// Pure functions, no tf: images are Float32Array RGB, HWC, in [0, 1].
import {makeRng, type Rng} from "../random.ts";

export const SHAPES = ["circle", "square", "triangle", "star", "cross", "heart"] as const;
export const TEXTURES = ["stripes", "dots", "checkerboard", "waves", "grid", "noise"] as const;
export type ShapeName = (typeof SHAPES)[number];
export type TextureName = (typeof TEXTURES)[number];
export type RGB = [number, number, number];

/** Agreement at which texture carries no information about shape: every texture equally likely. */
export const UNINFORMATIVE_AGREEMENT = 1 / SHAPES.length;

/** Everything that fixes one image; `renderShapeTex` draws only background noise from its rng. */
export interface ShapeTexSpec {
  shape: number; // index into SHAPES
  texture: number; // index into TEXTURES
  /** Texture "ink" colour and the "paper" colour between its marks. */
  foreground: RGB;
  foregroundAlt?: RGB;
  background: RGB;
  /** Image side in pixels (square images). */
  size: number;
  /** Shape centre as a fraction of the image side; default the middle. */
  center?: [number, number];
  /** Shape radius as a fraction of half the image side; default 0.75. */
  scale?: number;
  /** Shape rotation in radians. */
  rotation?: number;
  /** Texture period as a fraction of the shape radius; default 0.42. */
  texturePeriod?: number;
  textureAngle?: number;
  /** Seeds the "noise" texture and the phase of periodic ones. */
  textureSeed?: number;
  /** Std of Gaussian pixel noise on the background; 0 = plain. */
  backgroundNoise?: number;
  /** Subsamples per pixel side, for anti-aliased edges and textures. */
  supersample?: number;
}

export interface SampleOptions {
  size?: number;
  /** P(texture = the shape's partner); otherwise one of the other textures, uniformly. */
  textureAgreement?: number;
  /** Max |rotation| in radians. */
  maxRotation?: number;
  /** Range of the shape radius as a fraction of half the image side. */
  scaleRange?: [number, number];
}

const DEFAULTS = {size: 32, textureAgreement: UNINFORMATIVE_AGREEMENT, maxRotation: Math.PI / 6, scaleRange: [0.6, 0.9] as [number, number]};

// ---- shapes: inside tests in the shape's own frame, unit radius, y pointing down ----

const STAR_SECTOR = (2 * Math.PI) / 5, STAR_OUTER = 0.97, STAR_INNER = 0.42;
const STAR_IN: [number, number] = [STAR_INNER * Math.cos(STAR_SECTOR / 2), STAR_INNER * Math.sin(STAR_SECTOR / 2)];

const insideShape: Array<(u: number, v: number) => boolean> = [
  // circle
  (u, v) => u * u + v * v <= 0.85 * 0.85,
  // square
  (u, v) => Math.abs(u) <= 0.68 && Math.abs(v) <= 0.68,
  // triangle (equilateral, apex up): inside all three edge half-planes
  (u, v) => {
    const r = 0.5; // inradius of a triangle with circumradius 1
    const vv = v - 0.12; // centre the bounding box vertically
    return vv <= r && -vv * 0.5 + u * 0.8660254 <= r && -vv * 0.5 - u * 0.8660254 <= r;
  },
  // star (five points): fold the angle into one half-sector, test against the outer-inner edge
  (u, v) => {
    const rad = Math.hypot(u, v);
    if (rad > STAR_OUTER) return false;
    const a = Math.atan2(u, -v);
    const phi = Math.abs(a - STAR_SECTOR * Math.round(a / STAR_SECTOR));
    const px = rad * Math.cos(phi), py = rad * Math.sin(phi);
    // sign of the cross product (I - O) x (P - O): positive on the origin's side, i.e. inside
    const cross = (STAR_IN[0] - STAR_OUTER) * py - STAR_IN[1] * (px - STAR_OUTER);
    return cross >= 0;
  },
  // cross (a plus sign)
  (u, v) => {
    const au = Math.abs(u), av = Math.abs(v);
    return (au <= 0.3 && av <= 0.9) || (au <= 0.9 && av <= 0.3);
  },
  // heart: the classic sextic (x^2 + y^2 - 1)^3 - x^2 y^3 <= 0
  (u, v) => {
    const x = u * 1.22, y = -v * 1.22 + 0.14;
    const q = x * x + y * y - 1;
    return q * q * q - x * x * y * y * y <= 0;
  },
];

// ---- textures: ink coverage in [0, 1] at a point, in units of the texture period ----

function hash2(ix: number, iy: number, seed: number): number {
  let h = Math.imul(ix, 0x27d4eb2d) ^ Math.imul(iy, 0x165667b1) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

const frac = (x: number) => x - Math.floor(x);

const textureInk: Array<(x: number, y: number, seed: number) => number> = [
  // stripes
  (x) => (frac(x) < 0.5 ? 1 : 0),
  // dots on a square lattice
  (x, y) => {
    const dx = frac(x) - 0.5, dy = frac(y) - 0.5;
    return dx * dx + dy * dy < 0.3 * 0.3 ? 1 : 0;
  },
  // checkerboard, cells of 0.6 periods
  (x, y) => ((Math.floor(x / 0.6) + Math.floor(y / 0.6)) & 1 ? 1 : 0),
  // waves: stripes bent by a sine across them
  (x, y) => (frac(y + 0.45 * Math.sin((2 * Math.PI * x) / 2.2)) < 0.5 ? 1 : 0),
  // grid of thin lines
  (x, y) => (frac(x) < 0.28 || frac(y) < 0.28 ? 1 : 0),
  // noise: random binary cells, half a period wide
  (x, y, seed) => (hash2(Math.floor(x * 2), Math.floor(y * 2), seed) < 0.5 ? 1 : 0),
];

// ---- colours ----

const dist = (a: RGB, b: RGB) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const randomColour = (rng: Rng): RGB => [rng.next(), rng.next(), rng.next()];

/** The paper colour for an ink colour: pushed toward white or black, whichever is farther. */
export function contrastingColour(c: RGB): RGB {
  const lum = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
  const t = lum > 0.5 ? 0 : 1, k = 0.65;
  return [c[0] + (t - c[0]) * k, c[1] + (t - c[1]) * k, c[2] + (t - c[2]) * k];
}

/** Background and texture colours with both texture colours visible against the background. */
function sampleColours(rng: Rng): {background: RGB; foreground: RGB; foregroundAlt: RGB} {
  const background = randomColour(rng);
  let foreground = randomColour(rng), foregroundAlt = contrastingColour(foreground);
  for (let tries = 0; tries < 100 && (dist(foreground, background) < 0.45 || dist(foregroundAlt, background) < 0.3); tries++) {
    foreground = randomColour(rng);
    foregroundAlt = contrastingColour(foreground);
  }
  return {background, foreground, foregroundAlt};
}

// ---- rendering ----

/** Draw one image. `rng` supplies only the background noise (everything else is in `spec`). */
export function renderShapeTex(spec: ShapeTexSpec, rng: Rng): Float32Array {
  const {size, shape, texture, foreground, background} = spec;
  if (!(shape >= 0 && shape < SHAPES.length)) throw new Error(`unknown shape ${shape}`);
  if (!(texture >= 0 && texture < TEXTURES.length)) throw new Error(`unknown texture ${texture}`);
  const alt = spec.foregroundAlt ?? contrastingColour(foreground);
  const [cxf, cyf] = spec.center ?? [0.5, 0.5];
  const radius = ((spec.scale ?? 0.75) * size) / 2;
  const rot = spec.rotation ?? 0, cr = Math.cos(rot), sr = Math.sin(rot);
  const period = (spec.texturePeriod ?? 0.42) * radius;
  const ta = spec.textureAngle ?? 0, ct = Math.cos(ta), st = Math.sin(ta);
  const tseed = (spec.textureSeed ?? 0) >>> 0;
  const phaseX = hash2(1, 2, tseed), phaseY = hash2(3, 4, tseed);
  const noise = spec.backgroundNoise ?? 0;
  const ss = Math.max(1, Math.round(spec.supersample ?? 3));
  const inside = insideShape[shape], ink = textureInk[texture];
  const cx = cxf * size, cy = cyf * size;
  const out = new Float32Array(size * size * 3);
  const col: RGB = [0, 0, 0];
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const n = noise > 0 ? noise * rng.normal() : 0;
      col[0] = col[1] = col[2] = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = px + (sx + 0.5) / ss - cx, y = py + (sy + 0.5) / ss - cy;
          // into the shape's frame: undo the rotation, divide by the radius
          const u = (cr * x + sr * y) / radius, v = (-sr * x + cr * y) / radius;
          if (inside(u, v)) {
            const tx = (ct * x + st * y) / period + phaseX, ty = (-st * x + ct * y) / period + phaseY;
            const k = ink(tx, ty, tseed);
            for (let c = 0; c < 3; c++) col[c] += alt[c] + (foreground[c] - alt[c]) * k;
          } else {
            for (let c = 0; c < 3; c++) col[c] += background[c] + n;
          }
        }
      }
      const o = (py * size + px) * 3, inv = 1 / (ss * ss);
      for (let c = 0; c < 3; c++) out[o + c] = Math.min(1, Math.max(0, col[c] * inv));
    }
  }
  return out;
}

/** The texture for a shape under the agreement knob: its partner with P = agreement, else another, uniformly. */
export function sampleTexture(rng: Rng, shape: number, textureAgreement: number): number {
  if (rng.next() < textureAgreement) return shape;
  const k = rng.int(TEXTURES.length - 1);
  return k >= shape ? k + 1 : k;
}

/** A full random scene (position, scale, rotation, colours, texture geometry) for a given pair. */
export function sampleSpec(rng: Rng, shape: number, texture: number, opts: SampleOptions = {}): ShapeTexSpec {
  const size = opts.size ?? DEFAULTS.size;
  const maxRotation = opts.maxRotation ?? DEFAULTS.maxRotation;
  const [s0, s1] = opts.scaleRange ?? DEFAULTS.scaleRange;
  const scale = rng.uniform(s0, s1);
  const slack = Math.max(0, 0.5 - (scale * 0.97) / 2); // keep the shape inside the frame
  const center: [number, number] = [0.5 + rng.uniform(-slack, slack), 0.5 + rng.uniform(-slack, slack)];
  const colours = sampleColours(rng);
  return {
    shape, texture, size, center, scale, ...colours,
    rotation: rng.uniform(-maxRotation, maxRotation),
    texturePeriod: rng.uniform(0.36, 0.5),
    textureAngle: rng.uniform(0, Math.PI),
    textureSeed: Math.floor(rng.next() * 4294967296),
    backgroundNoise: rng.next() < 0.5 ? 0 : rng.uniform(0.02, 0.08),
  };
}

export interface ShapeTexSample {
  image: Float32Array;
  shape: number;
  texture: number;
}

/** One image with a uniformly drawn shape and a texture drawn under the agreement knob. */
export function sampleShapeTex(rng: Rng, opts: SampleOptions = {}): ShapeTexSample {
  return sampleForShape(rng, rng.int(SHAPES.length), opts);
}

function sampleForShape(rng: Rng, shape: number, opts: SampleOptions): ShapeTexSample {
  const texture = sampleTexture(rng, shape, opts.textureAgreement ?? DEFAULTS.textureAgreement);
  const spec = sampleSpec(rng, shape, texture, opts);
  return {image: renderShapeTex(spec, rng), shape, texture};
}

export interface ShapeTexBatch {
  /** n images, NHWC, concatenated. */
  images: Float32Array;
  shapes: Int32Array;
  textures: Int32Array;
  size: number;
}

/**
 * The batch drawn one image at a time: yields after each image, returns the batch. One
 * implementation behind the synchronous and the sliced versions, so both give the same batch.
 */
function* drawShapeTexBatch(seed: number, n: number, opts: SampleOptions): Generator<void, ShapeTexBatch> {
  const rng = makeRng(seed);
  const size = opts.size ?? DEFAULTS.size, px = size * size * 3;
  const order = rng.shuffle(Array.from({length: n}, (_, i) => i % SHAPES.length));
  const images = new Float32Array(n * px), shapes = new Int32Array(n), textures = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = sampleForShape(rng, order[i], opts);
    images.set(s.image, i * px);
    shapes[i] = s.shape;
    textures[i] = s.texture;
    yield;
  }
  return {images, shapes, textures, size};
}

/** n images from one seed. Shapes are stratified (each class n/N times, shuffled) so batches are balanced. */
export function makeShapeTexBatch(seed: number, n: number, opts: SampleOptions = {}): ShapeTexBatch {
  const draw = drawShapeTexBatch(seed, n, opts);
  for (;;) {
    const r = draw.next();
    if (r.done) return r.value;
  }
}

/**
 * makeShapeTexBatch's batch, drawn in slices of `every` images with `pause()` between them:
 * the page draws training batches this way so that no single task keeps the reader waiting.
 */
export async function makeShapeTexBatchSliced(seed: number, n: number, opts: SampleOptions, pause: () => Promise<void>, every = 4): Promise<ShapeTexBatch> {
  const draw = drawShapeTexBatch(seed, n, opts);
  for (let i = 1; ; i++) {
    const r = draw.next();
    if (r.done) return r.value;
    if (i % every === 0) await pause();
  }
}

/** A cue-conflict stimulus (or, when texture === shape, a cue-agreeing one) for a chosen pair. */
export function renderCueConflict(shape: number, texture: number, seed: number, opts: Omit<SampleOptions, "textureAgreement"> = {}): Float32Array {
  const rng = makeRng(seed);
  return renderShapeTex(sampleSpec(rng, shape, texture, opts), rng);
}

/** Cue-conflict images: every pair with texture != the shape's partner, `perPair` of each. */
export function makeCueConflictBatch(seed: number, perPair: number, opts: Omit<SampleOptions, "textureAgreement"> = {}): ShapeTexBatch {
  const rng = makeRng(seed);
  const size = opts.size ?? DEFAULTS.size, px = size * size * 3;
  const pairs: Array<[number, number]> = [];
  for (let s = 0; s < SHAPES.length; s++) for (let t = 0; t < TEXTURES.length; t++) if (s !== t) for (let k = 0; k < perPair; k++) pairs.push([s, t]);
  const images = new Float32Array(pairs.length * px), shapes = new Int32Array(pairs.length), textures = new Int32Array(pairs.length);
  pairs.forEach(([s, t], i) => {
    images.set(renderShapeTex(sampleSpec(rng, s, t, opts), rng), i * px);
    shapes[i] = s;
    textures[i] = t;
  });
  return {images, shapes, textures, size};
}
