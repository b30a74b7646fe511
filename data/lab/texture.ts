// `lab texture`: Gatys-style texture synthesis, headless.
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {numberOption, required, type Args} from "./args.ts";
import {integer, layerList, loadImageTensor, nonNegative, report} from "./gram-io.ts";
import {DEFAULT_GRAM_MODEL, gramLayers} from "../../components/gram/defaults.ts";
import {TEXTURE_DEFAULTS, synthesizeTexture} from "../../components/gram/experiments.ts";

export const usage = `texture --image FILE --steps N --out FILE.png [--model ID=${DEFAULT_GRAM_MODEL}] [--layers A,B]
  [--size N=128] [--source-size N (default: size)] [--lr X=${TEXTURE_DEFAULTS.lr}] [--tv X=${TEXTURE_DEFAULTS.tv}] [--seed S=0] [--json]
  Grows an image from seeded noise whose Gram matrices at --layers (default: the model's
  chosen style layers) match those of FILE (a path, an asset id or shapetex:SHAPE:TEXTURE).
  Prints {model, layers, size, first_loss, last_loss, losses, steps, seconds, out}.`;

export async function run(args: Args): Promise<object> {
  const image = required(args, "image"), out = required(args, "out");
  required(args, "steps");
  const steps = integer(args, "steps", 100, 1), size = integer(args, "size", 128, 16, 1024);
  const sourceSize = integer(args, "source-size", size, 16, 1024);
  const lr = numberOption(args, "lr", TEXTURE_DEFAULTS.lr), tv = nonNegative(args, "tv", TEXTURE_DEFAULTS.tv), seed = integer(args, "seed", 0, 0);
  if (!(lr > 0)) throw new Error(`--lr must be positive, got ${lr}`);
  const tf = await initTf();
  const id = args.options.get("model") ?? DEFAULT_GRAM_MODEL;
  const model = await loadModel(id);
  try {
    const layers = layerList(args, "layers", model, gramLayers(model).style);
    const source = await loadImageTensor(image, sourceSize);
    try {
      const r = await synthesizeTexture(model, source, {layers, size, steps, lr, tv, seed, yieldEvery: 1000});
      return {model: id, image, layers, size, ...report(r, out)};
    } finally {
      tf.dispose(source);
    }
  } finally {
    model.dispose();
  }
}
