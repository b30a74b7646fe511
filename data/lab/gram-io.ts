// What the gram/texture/style/invert lab commands share: load a model, read an image (a file,
// an asset id such as skimage/brick.png, or a generated ShapeTex picture "shapetex:SHAPE:TEXTURE[:SEED]"),
// and print a run's result in one shape.
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import {findAsset} from "../assets/manifest.ts";
import {resolveAsset} from "../assets/resolve.ts";
import {readImage} from "../node/image-io.ts";
import {writePng} from "../node/png.ts";
import {numberOption, type Args} from "./args.ts";
import {SHAPES, TEXTURES, renderCueConflict} from "../../components/datasets/shapetex.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import type {OptimizeResult} from "../../components/gram/optimize.ts";
import type {ZooModel} from "../../components/zoo/types.ts";

/** "shapetex:star:waves:3" -> a ShapeTex picture of that shape and texture (seed 0 by default). */
function shapeTexImage(spec: string, side: number): tf.Tensor4D {
  const [, shape, texture, seed = "0"] = spec.split(":");
  const s = SHAPES.indexOf(shape as never), t = TEXTURES.indexOf(texture as never);
  if (s < 0 || t < 0) throw new Error(`bad ShapeTex image "${spec}": use shapetex:SHAPE:TEXTURE[:SEED] with SHAPE in ${SHAPES.join("|")} and TEXTURE in ${TEXTURES.join("|")}`);
  return tf.tensor4d(renderCueConflict(s, t, Number(seed), {size: side}), [1, side, side, 3]);
}

/** An image as [1, side, side, 3] in [0, 1] (centre square, resized). */
export async function loadImageTensor(image: string, side: number): Promise<tf.Tensor4D> {
  if (image.startsWith("shapetex:")) return shapeTexImage(image, side);
  const file = fs.existsSync(image) || !findAsset(image) ? image : await resolveAsset(image);
  if (!fs.existsSync(file)) throw new Error(`image not found: ${image}`);
  const {data, width, height} = readImage(file);
  return toModelInput(data, width, height, [side, side]);
}

export function integer(args: Args, key: string, fallback: number, min: number, max = Infinity): number {
  const n = numberOption(args, key, fallback);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${key} must be an integer in [${min}, ${max}], got ${n}`);
  return n;
}

export function nonNegative(args: Args, key: string, fallback: number): number {
  const n = numberOption(args, key, fallback);
  if (!(n >= 0)) throw new Error(`--${key} must be >= 0, got ${n}`);
  return n;
}

/** --layers A,B,C checked against the model (default: `fallback`). */
export function layerList(args: Args, key: string, model: ZooModel, fallback: string[]): string[] {
  const raw = args.options.get(key);
  const layers = raw ? raw.split(",").map((s) => s.trim()).filter(Boolean) : fallback;
  checkLayerNames(model, layers);
  return layers;
}

export function checkLayerNames(model: ZooModel, layers: string[]): void {
  const known = new Set(model.layers.map((l) => l.name));
  for (const l of layers) if (!known.has(l)) throw new Error(`unknown layer "${l}" for ${model.id}; layers: ${[...known].join(", ")}`);
}

const round = (x: number, digits = 6) => Number(x.toPrecision(digits));

/** Write the image and return the fields every optimisation command prints. */
export function report(result: OptimizeResult, out: string): {first_loss: number; last_loss: number; losses: number[]; steps: number; seconds: number; out: string} {
  writePng(out, result.image);
  return {
    first_loss: round(result.firstLoss),
    last_loss: round(result.lastLoss),
    losses: result.losses.map((v) => round(v, 5)),
    steps: result.steps,
    seconds: Math.round(result.seconds * 1000) / 1000,
    out: path.resolve(out),
  };
}
