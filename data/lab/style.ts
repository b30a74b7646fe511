// `lab style`: Gatys-style neural style transfer, headless; `--cue-conflict` uses the
// cue-conflict maker's defaults (the shape of --content with the texture of --style).
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {numberOption, required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {checkLayerNames, integer, layerList, loadImageTensor, nonNegative, report} from "./gram-io.ts";
import {DEFAULT_GRAM_MODEL, gramLayers} from "../../components/gram/defaults.ts";
import {STYLE_DEFAULTS, styleTransfer} from "../../components/gram/experiments.ts";
import {CUE_CONFLICT_DEFAULTS, makeCueConflict} from "../../components/gram/cue-conflict.ts";

const D = STYLE_DEFAULTS;

export const options = defineOptions({
  content: opt.text("the content image: a path, an asset id or shapetex:SHAPE:TEXTURE", {required: true, value: "FILE"}),
  style: opt.text("the style image", {required: true, value: "FILE"}),
  out: opt.text("where to write the PNG", {required: true, value: "FILE.png"}),
  steps: opt.integer(`optimisation steps (required unless --cue-conflict, whose default is ${CUE_CONFLICT_DEFAULTS.steps})`, {min: 1, max: 100000}),
  model: opt.text("a zoo id, or a model.json / .tflite path or URL", {default: DEFAULT_GRAM_MODEL, value: "ID"}),
  size: opt.integer("side of the output image", {default: 128, min: 16, max: 1024}),
  "style-size": opt.integer("side the style image is resized to (default: --size)", {min: 16, max: 1024, value: "N"}),
  "content-layer": opt.text("the layer whose activations keep the content (default: the model's choice)", {value: "NAME"}),
  "style-layers": opt.text("comma-separated layers whose Gram matrices carry the style", {value: "A,B"}),
  "content-weight": opt.number(`weight of the content loss (default ${D.contentWeight}; ${CUE_CONFLICT_DEFAULTS.contentWeight} with --cue-conflict)`, {min: 0}),
  "style-weight": opt.number(`weight of the style loss (default ${D.styleWeight}; ${CUE_CONFLICT_DEFAULTS.styleWeight} with --cue-conflict)`, {min: 0}),
  tv: opt.number(`weight of the total-variation prior (default ${D.tv}; ${CUE_CONFLICT_DEFAULTS.tv} with --cue-conflict)`, {min: 0}),
  lr: opt.number(`learning rate (default ${D.lr}; ${CUE_CONFLICT_DEFAULTS.lr} with --cue-conflict)`, {min: 0, above: true}),
  start: opt.choice(["content", "noise"], "start from the content image or from seeded noise", "content"),
  seed: opt.integer("seed of the starting noise", {default: 0, min: 0}),
  "cue-conflict": opt.flag("the shape of --content with the texture of --style, with the cue-conflict maker's defaults"),
});

export const description = `Gatys-style neural style transfer, headless: the content image repainted with the style image's Gram matrices.
--cue-conflict uses the cue-conflict maker's defaults (${JSON.stringify(CUE_CONFLICT_DEFAULTS)}) unless given.
Prints {model, cue_conflict, content, style, content_layer, style_layers, size, content_weight,
style_weight, first_loss, last_loss, losses, steps, seconds, out}.`;

export const usage = usageText("style", options, description);

export async function run(args: Args): Promise<object> {
  const contentFile = required(args, "content"), styleFile = required(args, "style"), out = required(args, "out");
  const cue = args.flags.has("cue-conflict");
  const base = cue ? CUE_CONFLICT_DEFAULTS : D;
  if (!cue) required(args, "steps");
  const steps = integer(args, "steps", cue ? CUE_CONFLICT_DEFAULTS.steps : 100, 1), size = integer(args, "size", 128, 16, 1024);
  const styleSize = integer(args, "style-size", size, 16, 1024);
  const contentWeight = nonNegative(args, "content-weight", base.contentWeight), styleWeight = nonNegative(args, "style-weight", base.styleWeight);
  const tv = nonNegative(args, "tv", base.tv), lr = numberOption(args, "lr", base.lr), seed = integer(args, "seed", 0, 0);
  if (!(lr > 0)) throw new Error(`--lr must be positive, got ${lr}`);
  const start = args.options.get("start") ?? "content";
  if (start !== "content" && start !== "noise") throw new Error(`--start must be content or noise, got "${start}"`);
  const tf = await initTf();
  const id = args.options.get("model") ?? DEFAULT_GRAM_MODEL;
  const model = await loadModel(id);
  try {
    const defaults = gramLayers(model);
    const contentLayer = args.options.get("content-layer") ?? defaults.content;
    checkLayerNames(model, [contentLayer]);
    const styleLayers = layerList(args, "style-layers", model, defaults.style);
    const content = await loadImageTensor(contentFile, size), style = await loadImageTensor(styleFile, styleSize);
    try {
      const options = {contentLayer, styleLayers, contentWeight, styleWeight, tv, lr, steps, seed, start, yieldEvery: 1000} as const;
      const r = cue ? await makeCueConflict(model, content, style, options) : await styleTransfer(model, content, style, options);
      return {model: id, cue_conflict: cue, content: contentFile, style: styleFile, content_layer: contentLayer, style_layers: styleLayers, size, content_weight: contentWeight, style_weight: styleWeight, ...report(r, out)};
    } finally {
      tf.dispose([content, style]);
    }
  } finally {
    model.dispose();
  }
}
