// Shared by `lab classvis`, `lab adversarial` and `lab dream`: option checks, class names or
// indices, and reading the reader's image at the model's input size.
import {numberOption, type Args} from "./args.ts";
import {readImage} from "../node/image-io.ts";
import {imagePath} from "./classify.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import type {ZooModel} from "../../components/zoo/types.ts";
import type * as tf from "@tensorflow/tfjs";

export function integer(args: Args, key: string, fallback: number, min: number): number {
  const n = numberOption(args, key, fallback);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${key} must be an integer >= ${min}, got ${n}`);
  return n;
}

export function positive(args: Args, key: string, fallback: number): number {
  const n = numberOption(args, key, fallback);
  if (!(n > 0)) throw new Error(`--${key} must be > 0, got ${n}`);
  return n;
}

/** A class given as an index in the model's own order or as its label (case-insensitive; the first label before a comma counts too). */
export function classIndex(model: ZooModel, value: string, key = "class"): number {
  if (/^\d+$/.test(value)) {
    const k = Number(value);
    if (k >= model.labels.length) throw new Error(`--${key} ${k} out of range: ${model.id} has ${model.labels.length} classes (0-${model.labels.length - 1})`);
    return k;
  }
  const want = value.trim().toLowerCase();
  const k = model.labels.findIndex((l) => l.toLowerCase() === want || l.toLowerCase().split(",")[0].trim() === want);
  if (k < 0) throw new Error(`--${key} "${value}" is not a class of ${model.id} (give an index 0-${model.labels.length - 1} or an exact label)`);
  return k;
}

/** The image (path or asset id such as skimage/chelsea.png) as [1, h, w, 3] in [0, 1], centre-cropped to `size`. */
export async function readModelImage(image: string, size: [number, number]): Promise<tf.Tensor4D> {
  const {data, width, height} = readImage(await imagePath(image));
  return toModelInput(data, width, height, size);
}

export const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
