// `lab invert`: feature inversion (Mahendran & Vedaldi 2015), headless.
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {numberOption, required, type Args} from "./args.ts";
import {checkLayerNames, integer, loadImageTensor, nonNegative, report} from "./gram-io.ts";
import {DEFAULT_GRAM_MODEL, INVERSION_DEFAULTS} from "../../components/gram/defaults.ts";
import {invertFeatures} from "../../components/gram/experiments.ts";

export const usage = `invert --image FILE --layer NAME --steps N --out FILE.png [--model ID=${DEFAULT_GRAM_MODEL}]
  [--size N=128] [--tv X=${INVERSION_DEFAULTS.tv}] [--norm X=${INVERSION_DEFAULTS.norm}] [--lr X=${INVERSION_DEFAULTS.lr}] [--seed S=0] [--json]
  Grows an image from seeded noise whose activations at --layer match those of FILE, under a
  total-variation (--tv) and a distance-from-grey (--norm) prior.
  Prints {model, layer, size, first_loss, last_loss, losses, steps, seconds, out}.`;

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
