// `lab dream`: DeepDream (Mordvintsev et al. 2015) on an image, headless.
import * as path from "node:path";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {writePng} from "../node/png.ts";
import {numberOption, required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {integer, positive, readModelImage, round} from "./optimize-io.ts";
import {DREAM_DEFAULTS, dream, dreamObjective} from "../../components/dream/dream.ts";
import {registryEntry} from "../../components/zoo/registry.ts";

const D = DREAM_DEFAULTS;
export const options = defineOptions({
  model: opt.text("a zoo id", {required: true, value: "ID"}),
  image: opt.text("a PNG, JPEG or BMP path or an asset id (skimage/chelsea.png), centre-cropped to a square", {required: true, value: "FILE"}),
  layer: opt.text("the layer whose activations are raised", {required: true, value: "L"}),
  channel: opt.integer("raise only this channel's mean (default: the whole layer's mean square)", {min: 0, value: "K"}),
  out: opt.text("where to write the PNG", {required: true, value: "FILE.png"}),
  octaves: opt.integer("how many scales", {default: D.octaves, min: 1, max: 20}),
  "octave-scale": opt.number("size ratio between octaves", {default: D.octaveScale, min: 1, above: true, max: 10}),
  "steps-per-octave": opt.integer("gradient steps at each scale", {default: D.stepsPerOctave, min: 1, max: 100000}),
  step: opt.number("normalised gradient step", {default: D.stepSize, min: 0, above: true}),
  jitter: opt.integer("random shift per step in pixels", {default: D.jitter, min: 0, max: 1024, value: "PX"}),
  size: opt.integer("image side in pixels (default: the input size)", {min: 8, max: 1024, value: "PX"}),
  seed: opt.integer("random seed", {default: D.seed, min: 0}),
});

export const description = `DeepDream: raises the mean square of layer L's activations on the image (or channel K's mean), octave by octave.
Prints {model, image, layer, channel, objective, objective_before, objective_after, octaves,
sizes, steps, seconds, out}.`;

export const usage = usageText("dream", options, description);

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
