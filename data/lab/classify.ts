// `lab classify --model ID --image FILE`: the top-k classes of one image.
import * as fs from "node:fs";
import {required, numberOption, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
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

export const options = defineOptions({
  model: opt.text("a zoo id, or a model.json / .tflite path or URL", {required: true, value: "ID|PATH|URL"}),
  image: opt.text("a PNG, JPEG or BMP path, or an asset id such as skimage/chelsea.png", {required: true, value: "FILE"}),
  top: opt.integer("how many classes to print", {default: 5, min: 1, max: 1001}),
  fit: opt.choice(["center-crop", "stretch"], "how the image fills the model's input", "center-crop"),
});

export const description = `The top-k classes of one image.
Prints {model, image, top: [{index (in the model's own class order), label, probability,
standardIndex (ImageNet models)}]}.`;

export const usage = usageText("classify", options, description);

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
