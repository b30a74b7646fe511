// Shared by the looking-back experiments (backward, occlusion, sanity, invariance, top-patches):
// a model by id with its LayersModel, and an image file or asset id as the model's input.
import * as fs from "node:fs";
import {findAsset} from "../assets/manifest.ts";
import {resolveAsset} from "../assets/resolve.ts";
import {readImage} from "../node/image-io.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import type {ZooModel} from "../../components/zoo/types.ts";
import {loadLayersZoo} from "../node/layers-zoo.ts";
import {numberOption, type Args} from "./args.ts";
import type {tf} from "../node/tf.ts";

/** A path on disk, else an asset id from the manifest. */
export async function imagePath(image: string): Promise<string> {
  if (fs.existsSync(image)) return image;
  if (findAsset(image)) return resolveAsset(image);
  throw new Error(`image "${image}" not found (a PNG/JPEG/BMP path or an asset id such as skimage/chelsea.png)`);
}

export async function loadImage(image: string, model: ZooModel): Promise<tf.Tensor4D> {
  const {data, width, height} = readImage(await imagePath(image));
  return toModelInput(data, width, height, model.inputSize);
}

export async function openModel(id: string) {
  registryEntry(id); // unknown ids fail before any work
  return loadLayersZoo(id);
}

export function integerOption(args: Args, key: string, fallback: number, min: number): number {
  const n = numberOption(args, key, fallback);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${key} must be an integer >= ${min}, got ${n}`);
  return n;
}
