// `lab texture`: Gatys-style texture synthesis, headless.
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {numberOption, required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {integer, layerList, loadImageTensor, nonNegative, report} from "./gram-io.ts";
import {DEFAULT_GRAM_MODEL, gramLayers} from "../../components/gram/defaults.ts";
import {TEXTURE_DEFAULTS, synthesizeTexture} from "../../components/gram/experiments.ts";

export const options = defineOptions({
  image: opt.text("the texture to imitate: a path, an asset id or shapetex:SHAPE:TEXTURE", {required: true, value: "FILE"}),
  steps: opt.integer("optimisation steps", {required: true, min: 1, max: 100000}),
  out: opt.text("where to write the PNG", {required: true, value: "FILE.png"}),
  model: opt.text("a zoo id, or a model.json / .tflite path or URL", {default: DEFAULT_GRAM_MODEL, value: "ID"}),
  layers: opt.text("comma-separated layers whose Gram matrices are matched (default: the model's style layers)", {value: "A,B"}),
  size: opt.integer("side of the synthesised image", {default: 128, min: 16, max: 1024}),
  "source-size": opt.integer("side the source image is resized to (default: --size)", {min: 16, max: 1024, value: "N"}),
  lr: opt.number("learning rate", {default: TEXTURE_DEFAULTS.lr, min: 0, above: true}),
  tv: opt.number("weight of the total-variation prior", {default: TEXTURE_DEFAULTS.tv, min: 0}),
  seed: opt.integer("seed of the starting noise", {default: 0, min: 0}),
});

export const description = `Gatys-style texture synthesis, headless.
Grows an image from seeded noise whose Gram matrices at --layers match those of FILE.
Prints {model, image, layers, size, first_loss, last_loss, losses, steps, seconds, out}.`;

export const usage = usageText("texture", options, description);

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
