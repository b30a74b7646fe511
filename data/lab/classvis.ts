// `lab classvis`: a class model visualization (Simonyan et al. 2014 with Yosinski et al.
// 2015's regularizers) rendered headless, saved as a PNG, and classified.
import * as path from "node:path";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {writePng} from "../node/png.ts";
import {numberOption, required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {classIndex, integer, positive, round} from "./optimize-io.ts";
import {CLASSVIS_DEFAULTS, classVisualization} from "../../components/classvis/classvis.ts";
import {registryEntry} from "../../components/zoo/registry.ts";

const D = CLASSVIS_DEFAULTS;
export const options = defineOptions({
  model: opt.text("a zoo id", {required: true, value: "ID"}),
  class: opt.text("the class: its index or its label", {required: true, value: "K|NAME"}),
  out: opt.text("where to write the PNG", {required: true, value: "FILE.png"}),
  steps: opt.integer("optimisation steps", {default: D.steps, min: 1, max: 100000}),
  lr: opt.number("learning rate", {default: D.learningRate, min: 0, above: true}),
  decay: opt.number("L2 decay of the image per step, below 1", {default: D.decay, min: 0, max: 1}),
  blur: opt.number("Gaussian blur sigma in pixels", {default: D.blurSigma, min: 0, max: 100, value: "SIGMA"}),
  "blur-every": opt.integer("blur every N steps", {default: D.blurEvery, min: 1, max: 100000}),
  jitter: opt.integer("random shift per step in pixels", {default: D.jitter, min: 0, max: 1024, value: "PX"}),
  size: opt.integer("image side in pixels (default: the input size)", {min: 8, max: 1024, value: "PX"}),
  seed: opt.integer("random seed", {default: D.seed, min: 0}),
});

export const description = `Maximises class K's logit from noise (classic schedule: octaves, L2 decay, blur every few steps,
jitter), then classifies the 8-bit result.
Prints {model, class, label, logit_before, logit_after, top1: {index, label, probability},
probability (of the class), classified_as_class, steps, seconds, out}.`;

export const usage = usageText("classvis", options, description);

export async function run(args: Args): Promise<object> {
  const id = required(args, "model"), out = required(args, "out"), cls = required(args, "class");
  registryEntry(id);
  const steps = integer(args, "steps", D.steps, 1), seed = integer(args, "seed", D.seed, 0);
  const learningRate = positive(args, "lr", D.learningRate);
  const decay = numberOption(args, "decay", D.decay);
  if (!(decay >= 0 && decay < 1)) throw new Error(`--decay must be in [0, 1), got ${decay}`);
  const blurSigma = numberOption(args, "blur", D.blurSigma);
  if (!(blurSigma >= 0)) throw new Error(`--blur must be >= 0, got ${blurSigma}`);
  const blurEvery = integer(args, "blur-every", D.blurEvery, 1), jitter = integer(args, "jitter", D.jitter, 0);
  await initTf();
  const model = await loadModel(id);
  try {
    const k = classIndex(model, cls);
    const size = integer(args, "size", Math.min(...model.inputSize), 8);
    const r = await classVisualization(model, k, {steps, learningRate, decay, blurSigma, blurEvery, jitter, seed, size});
    writePng(out, r.image);
    return {
      model: id, class: k, label: r.label, logit_before: round(r.logitBefore), logit_after: round(r.logitAfter),
      top1: {...r.top1, probability: round(r.top1.probability, 6)}, probability: round(r.probability, 6), classified_as_class: r.top1.index === k,
      steps: r.steps, seconds: round(r.seconds, 3), out: path.resolve(out),
    };
  } finally {
    model.dispose();
  }
}
