// `lab invert`: feature inversion (Mahendran & Vedaldi 2015), headless.
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {numberOption, required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {checkLayerNames, integer, loadImageTensor, nonNegative, report} from "./gram-io.ts";
import {DEFAULT_GRAM_MODEL, INVERSION_DEFAULTS} from "../../components/gram/defaults.ts";
import {invertFeatures} from "../../components/gram/experiments.ts";

export const options = defineOptions({
  image: opt.text("the image whose features are inverted: a path, an asset id or shapetex:SHAPE:TEXTURE", {required: true, value: "FILE"}),
  layer: opt.text("the layer whose activations are matched", {required: true, value: "NAME"}),
  steps: opt.integer("optimisation steps", {required: true, min: 1, max: 100000}),
  out: opt.text("where to write the PNG", {required: true, value: "FILE.png"}),
  model: opt.text("a zoo id, or a model.json / .tflite path or URL", {default: DEFAULT_GRAM_MODEL, value: "ID"}),
  size: opt.integer("image side in pixels", {default: 128, min: 16, max: 1024}),
  tv: opt.number("weight of the total-variation prior", {default: INVERSION_DEFAULTS.tv, min: 0}),
  norm: opt.number("weight of the distance-from-grey prior", {default: INVERSION_DEFAULTS.norm, min: 0}),
  lr: opt.number("learning rate", {default: INVERSION_DEFAULTS.lr, min: 0, above: true}),
  seed: opt.integer("seed of the starting noise", {default: 0, min: 0}),
});

export const description = `Feature inversion (Mahendran & Vedaldi 2015), headless.
Grows an image from seeded noise whose activations at --layer match those of FILE, under a
total-variation (--tv) and a distance-from-grey (--norm) prior.
Prints {model, image, layer, size, tv, norm, first_loss, last_loss, losses, steps, seconds, out}.`;

export const usage = usageText("invert", options, description);

export async function run(args: Args): Promise<object> {
  const image = required(args, "image"), layer = required(args, "layer"), out = required(args, "out");
  required(args, "steps");
  const steps = integer(args, "steps", 100, 1), size = integer(args, "size", 128, 16, 1024);
  const tv = nonNegative(args, "tv", INVERSION_DEFAULTS.tv), norm = nonNegative(args, "norm", INVERSION_DEFAULTS.norm);
  const lr = numberOption(args, "lr", INVERSION_DEFAULTS.lr), seed = integer(args, "seed", 0, 0);
  if (!(lr > 0)) throw new Error(`--lr must be positive, got ${lr}`);
  const tf = await initTf();
  const id = args.options.get("model") ?? DEFAULT_GRAM_MODEL;
  const model = await loadModel(id);
  try {
    checkLayerNames(model, [layer]);
    const x = await loadImageTensor(image, size);
    try {
      const r = await invertFeatures(model, x, {layer, tv, norm, lr, steps, seed, yieldEvery: 1000});
      return {model: id, image, layer, size, tv, norm, ...report(r, out)};
    } finally {
      tf.dispose(x);
    }
  } finally {
    model.dispose();
  }
}
