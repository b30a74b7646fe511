// Shift sweeps over a set of images for one model and protocol: what `lab jaggedness`, the
// chapter's data loaders and the blur-pool test share. Images come from a folder (any PNG,
// JPEG or BMP), from the asset mirror's sample photos, or from ShapeTex with a fixed seed
// (then the true shape is the reference class).
import * as fs from "node:fs";
import * as path from "node:path";
import {makeShapeTexBatch, SHAPES} from "../../components/datasets/shapetex.ts";
import {fromRgba, type RgbImage} from "../../components/shift/image.ts";
import {oneAtATime} from "../node/one-at-a-time.ts";
import {jaggedK, shiftMetrics, top1Sequence, unshiftedTop1, type ShiftMetrics} from "../../components/shift/metrics.ts";
import {defaultGeometry, shiftSource, type Direction, type Protocol, type ShiftGeometry} from "../../components/shift/protocols.ts";
import {sweepShifts, type ShiftSweep} from "../../components/shift/sweep.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import type {ZooModel} from "../../components/zoo/types.ts";
import {assetAvailable, readAsset} from "../assets/resolve.ts";
import {decodeImage, sniffFormat} from "../node/image-io.ts";
import {PHOTOS} from "../site/samples.ts";

export interface ImageItem {
  name: string;
  image: RgbImage;
  /** The true class in the model's order, when known. */
  label?: number;
}

/** Every PNG, JPEG or BMP in a folder (by content, not by name), sorted by name. */
export function imagesFromDir(dir: string): ImageItem[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`--images ${dir}: not a folder`);
  const items: ImageItem[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (!fs.statSync(file).isFile()) continue;
    const bytes = fs.readFileSync(file);
    if (!sniffFormat(bytes)) continue;
    const img = decodeImage(bytes, name);
    items.push({name, image: fromRgba(img.data, img.width, img.height)});
  }
  if (!items.length) throw new Error(`--images ${dir}: no PNG, JPEG or BMP files there`);
  return items;
}

/** The mirror's sample photos (data/site/samples.ts), the ones available here. */
export async function samplePhotos(): Promise<ImageItem[]> {
  const items: ImageItem[] = [];
  for (const [id, title] of PHOTOS) {
    if (!(await assetAvailable(id)).available) continue;
    const img = decodeImage(new Uint8Array(await readAsset(id)), id);
    items.push({name: title, image: fromRgba(img.data, img.width, img.height)});
  }
  return items;
}

/** The seeds of the chapter's ShapeTex test images: apart from training (1...) and samples (9001). */
export const SHAPETEX_SHIFT_SEED = 7001;

/** n ShapeTex images of side `size` from one seed, labelled with their shape. */
export function shapeTexItems(n: number, size: number, seed = SHAPETEX_SHIFT_SEED): ImageItem[] {
  const b = makeShapeTexBatch(seed, n, {size});
  const px = size * size * 3;
  return Array.from(b.shapes, (shape, i) => ({name: `shapetex-${seed}-${i} (${SHAPES[shape]})`, image: {data: b.images.slice(i * px, (i + 1) * px), width: size, height: size}, label: shape}));
}

export function geometryFor(model: ZooModel, maxShift: number, direction: Direction): ShiftGeometry {
  return defaultGeometry(model.inputSize, registryEntry(model.id).kind === "embedded", maxShift, direction);
}

/** ShapeTex images at the size a protocol wants: the embedded size, or the whole source for crop. */
export function shapeTexSideFor(g: ShiftGeometry, protocol: Protocol): number {
  return protocol === "crop" ? g.canvas[0] + g.maxShift : g.inner[0];
}

export interface ImageSetSweep {
  model: string;
  protocol: Protocol;
  direction: Direction;
  max_shift: number;
  canvas: [number, number];
  inner: [number, number];
  metrics: ShiftMetrics;
  /** "true" when every image had a label, else the unshifted top-1 stood in. */
  reference: "true-label" | "unshifted-top1";
  seconds: number;
  per_image: PerImageSweep[];
}

export interface PerImageSweep {
  image: string;
  reference: number;
  reference_label: string;
  /** P(reference class) at each shift. */
  p_reference: number[];
  /** Top-1 class at each shift. */
  top1: number[];
  /** Shifts k where the top-1 differs from shift k-1. */
  changes: number[];
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Sweeps one image through its shifts: on this thread, or on a worker (model-pool.ts). */
export type ImageSweep = (image: RgbImage, protocol: Protocol, g: ShiftGeometry) => Promise<ShiftSweep>;

export const sweepOneImage = (model: ZooModel, image: RgbImage, protocol: Protocol, g: ShiftGeometry): Promise<ShiftSweep> =>
  sweepShifts(model, shiftSource(image, protocol, g));

/** `sweep`: who sweeps each image; by default this thread, one image at a time. The same numbers either way. */
export async function sweepImageSet(model: ZooModel, items: ImageItem[], protocol: Protocol, g: ShiftGeometry, log: (s: string) => void = () => {}, sweep: ImageSweep = oneAtATime((image, p, geometry) => sweepOneImage(model, image, p, geometry))): Promise<ImageSetSweep> {
  let done = 0;
  const sweeps = await Promise.all(items.map(async (item) => {
    const s = await sweep(item.image, protocol, g);
    if (++done % 10 === 0) log(`${model.id} ${protocol}: ${done}/${items.length} images`);
    return s;
  }));
  const seconds = sweeps.reduce((t, s) => t + s.seconds, 0);
  const labelled = items.every((it) => it.label !== undefined);
  const references = sweeps.map((s, i) => (labelled ? items[i].label! : unshiftedTop1(s)));
  const metrics = shiftMetrics(sweeps, references, jaggedK(model.labels.length));
  return {
    model: model.id, protocol, direction: g.direction, max_shift: g.maxShift, canvas: g.canvas, inner: g.inner, metrics,
    reference: labelled ? "true-label" : "unshifted-top1",
    seconds,
    per_image: sweeps.map((s, i) => {
      const t = top1Sequence(s);
      return {
        image: items[i].name,
        reference: references[i],
        reference_label: model.labels[references[i]] ?? String(references[i]),
        p_reference: s.probabilities.map((p) => round4(p[references[i]])),
        top1: t,
        changes: t.flatMap((c, k) => (k > 0 && c !== t[k - 1] ? [k] : [])),
      };
    }),
  };
}
