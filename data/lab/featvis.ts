// `lab featvis`: render one feature visualization headless and save it as a PNG.
import * as path from "node:path";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {writePng} from "../node/png.ts";
import {numberOption, required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {channel, classLogit, neuron, type Objective} from "../../components/featvis/objectives.ts";
import {fourierImage, pixelImage} from "../../components/featvis/param.ts";
import {render} from "../../components/featvis/render.ts";
import type {ZooModel} from "../../components/zoo/types.ts";

export const options = defineOptions({
  model: opt.text("a zoo id, or a model.json / .tflite path or URL", {required: true, value: "ID"}),
  layer: opt.text("the layer to read (not needed with --objective class)", {value: "NAME"}),
  channel: opt.integer("the channel (or, with --objective class, the class index)", {required: true, min: 0, value: "K"}),
  out: opt.text("where to write the PNG", {required: true, value: "FILE.png"}),
  objective: opt.choice(["channel", "neuron", "class"], "maximise a channel's mean, the centre neuron, or a class logit", "channel"),
  steps: opt.integer("optimisation steps", {default: 128, min: 1, max: 100000}),
  size: opt.integer("image side in pixels (default: the input size, at most 128)", {min: 8, max: 1024, value: "PX"}),
  param: opt.choice(["fourier", "pixel"], "the image parameterisation (default: fourier; pixel with --schedule classic)"),
  schedule: opt.choice(["modern", "classic"], "the regularisation schedule", "modern"),
  seed: opt.integer("random seed", {default: 0, min: 0}),
  lr: opt.number("learning rate", {default: 0.05, min: 0, above: true}),
});

export const description = `Renders one feature visualization headless and saves it as a PNG.
Maximises one channel (mean over space), neuron (centre of the map) or class logit.
Prints {model, layer, channel, objective, schedule, param, size, objective_before, objective_after,
steps, seconds, out}.`;

export const usage = usageText("featvis", options, description);

function oneOf<T extends string>(args: Args, key: string, allowed: readonly T[], fallback: T): T {
  const v = args.options.get(key) ?? fallback;
  if (!allowed.includes(v as T)) throw new Error(`--${key} must be one of ${allowed.join(", ")}, got "${v}"`);
  return v as T;
}

function integer(args: Args, key: string, fallback: number, min: number): number {
  const n = numberOption(args, key, fallback);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${key} must be an integer >= ${min}, got ${n}`);
  return n;
}

/** The objective, after checking the layer and channel against the model. */
function objectiveFor(model: ZooModel, kind: "channel" | "neuron" | "class", layer: string, k: number): Objective {
  if (kind === "class") {
    if (k >= model.labels.length) throw new Error(`--channel ${k} out of range: ${model.id} has ${model.labels.length} classes (0-${model.labels.length - 1})`);
    return classLogit(k);
  }
  const info = model.layers.find((l) => l.name === layer);
  if (!info) throw new Error(`unknown layer "${layer}" for ${model.id}; layers: ${model.layers.map((l) => l.name).join(", ")}`);
  const channels = info.shape[info.shape.length - 1];
  if (k >= channels) throw new Error(`--channel ${k} out of range: ${layer} has ${channels} channels (0-${channels - 1})`);
  return kind === "neuron" ? neuron(layer, k) : channel(layer, k);
}

export async function run(args: Args): Promise<object> {
  const objectiveKind = oneOf(args, "objective", ["channel", "neuron", "class"] as const, "channel");
  const schedule = oneOf(args, "schedule", ["modern", "classic"] as const, "modern");
  const paramKind = oneOf(args, "param", ["fourier", "pixel"] as const, schedule === "classic" ? "pixel" : "fourier");
  if (schedule === "classic" && paramKind !== "pixel") throw new Error("--schedule classic optimises pixels: use --param pixel (or leave it out)");
  const id = required(args, "model");
  const out = required(args, "out");
  required(args, "channel");
  const k = integer(args, "channel", 0, 0);
  const layer = objectiveKind === "class" ? "logits" : required(args, "layer");
  const steps = integer(args, "steps", 128, 1);
  const seed = integer(args, "seed", 0, 0);
  const learningRate = numberOption(args, "lr", 0.05);
  if (!(learningRate > 0)) throw new Error(`--lr must be positive, got ${learningRate}`);

  await initTf();
  const model = await loadModel(id);
  try {
    const objective = objectiveFor(model, objectiveKind, layer, k);
    const size = integer(args, "size", Math.min(128, ...model.inputSize), 8);
    const param = schedule === "classic" ? undefined : paramKind === "pixel" ? pixelImage({size, seed}) : fourierImage({size, seed});
    try {
      const r = await render(model, objective, {param, size, steps, learningRate, schedule, seed});
      writePng(out, r.image);
      return {
        model: id, layer, channel: k, objective: objectiveKind, schedule, param: paramKind, size,
        objective_before: r.objectiveBefore, objective_after: r.objectiveAfter,
        steps: r.steps, seconds: Math.round(r.seconds * 1000) / 1000, out: path.resolve(out),
      };
    } finally {
      param?.dispose();
    }
  } finally {
    model.dispose();
  }
}
