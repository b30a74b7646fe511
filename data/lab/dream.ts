// `lab dream`: DeepDream (Mordvintsev et al. 2015) on an image, headless.
import * as path from "node:path";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {writePng} from "../node/png.ts";
import {numberOption, required, type Args} from "./args.ts";
import {integer, positive, readModelImage, round} from "./optimize-io.ts";
import {DREAM_DEFAULTS, dream, dreamObjective} from "../../components/dream/dream.ts";
import {registryEntry} from "../../components/zoo/registry.ts";

const D = DREAM_DEFAULTS;
export const usage = `lab dream --model ID --image FILE --layer L [--channel K] --out FILE.png [--json]
  [--octaves N=${D.octaves}] [--octave-scale X=${D.octaveScale}] [--steps-per-octave N=${D.stepsPerOctave}]
  [--step X=${D.stepSize}] [--jitter PX=${D.jitter}] [--size PX (default: input size)] [--seed S=${D.seed}]
  FILE is a PNG, JPEG or BMP path or an asset id (skimage/chelsea.png), centre-cropped to a square.
  Raises the mean square of layer L's activations on the image (or channel K's mean).
  Prints {model, image, layer, channel, objective, objective_before, objective_after, octaves,
  sizes, steps, seconds, out}.`;

export async function run(args: Args): Promise<object> {
  const id = required(args, "model"), image = required(args, "image"), layer = required(args, "layer"), out = required(args, "out");
  registryEntry(id);
  const k = args.options.has("channel") ? integer(args, "channel", 0, 0) : undefined;
  const octaves = integer(args, "octaves", D.octaves, 1), stepsPerOctave = integer(args, "steps-per-octave", D.stepsPerOctave, 1);
  const octaveScale = numberOption(args, "octave-scale", D.octaveScale);
  if (!(octaveScale > 1)) throw new Error(`--octave-scale must be > 1, got ${octaveScale}`);
  const stepSize = positive(args, "step", D.stepSize), jitter = integer(args, "jitter", D.jitter, 0), seed = integer(args, "seed", D.seed, 0);
  await initTf();
  const model = await loadModel(id);
  try {
    dreamObjective(model, layer, k); // a bad layer or channel fails before the image is read
    const size = integer(args, "size", Math.min(...model.inputSize), 8);
    const x = await readModelImage(image, [size, size]);
    try {
      const r = await dream(model, x, {layer, channel: k, octaves, octaveScale, stepsPerOctave, stepSize, jitter, seed});
      writePng(out, r.image);
      return {
        model: id, image, layer, channel: k ?? null, objective: r.objective, objective_before: round(r.objectiveBefore), objective_after: round(r.objectiveAfter),
        octaves: r.octaves, sizes: r.sizes, steps: r.steps, seconds: round(r.seconds, 3), out: path.resolve(out),
      };
    } finally {
      x.dispose();
    }
  } finally {
    model.dispose();
  }
}
