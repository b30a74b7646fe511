// `lab classify --model ID --image FILE`: the top-k classes of one image.
import * as fs from "node:fs";
import {required, numberOption, type Args} from "./args.ts";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {isModelReference} from "../node/byom.ts";
import {readImage} from "../node/image-io.ts";
import {findAsset} from "../assets/manifest.ts";
import {resolveAsset} from "../assets/resolve.ts";
import {toModelInput, type Fit} from "../../components/image/prepare.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {topK} from "../../components/zoo/topk.ts";
import type {Prediction} from "../../components/zoo/types.ts";

export const usage = `lab classify --model ID|PATH|URL --image FILE [--top 5] [--fit center-crop|stretch] [--json]
  FILE is a PNG, JPEG or BMP path, or an asset id such as skimage/chelsea.png.
  top: [{index (in the model's own class order), label, probability, standardIndex (ImageNet models)}]`;

/** A path on disk, else an asset id or URL from the manifest. */
export async function imagePath(image: string): Promise<string> {
  if (fs.existsSync(image) || !findAsset(image)) return image;
  return resolveAsset(image);
}

export async function run(args: Args): Promise<{model: string; image: string; top: Prediction[]}> {
  const tf = await initTf();
  const id = required(args, "model"), image = required(args, "image");
  if (!isModelReference(id)) registryEntry(id); // unknown ids fail before any image work (paths/URLs: data/node/byom.ts)
  const k = numberOption(args, "top", 5);
  const fit = (args.options.get("fit") ?? "center-crop") as Fit;
  if (fit !== "center-crop" && fit !== "stretch") throw new Error(`--fit must be center-crop or stretch, got "${fit}"`);
  const {data, width, height} = readImage(await imagePath(image));
  const model = await loadModel(id);
  const x = toModelInput(data, width, height, model.inputSize, {fit});
  try {
    return {model: id, image, top: await topK(model, x, k)};
  } finally {
    tf.dispose(x);
    model.dispose();
  }
}
