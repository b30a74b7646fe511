// `lab sanity`: cascading randomization (Adebayo et al. 2018, with erratum).
import {initTf} from "../node/tf.ts";
import {required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {integerOption, loadImage, openModel} from "./backward-io.ts";
import {cascadingRandomization} from "../../components/backward/sanity.ts";

export const options = defineOptions({
  model: opt.text("a zoo id, or a model.json / .tflite path", {required: true, value: "ID"}),
  image: opt.text("an image path or an asset id (e.g. skimage/chelsea.png)", {required: true, value: "FILE"}),
  class: opt.integer("the class whose saliency is compared (default: the top-1)", {min: 0, value: "N"}),
  seed: opt.integer("random seed of the redrawn weights", {default: 0, min: 0}),
  steps: opt.integer("evaluate at K evenly spaced depths (default: every weighted layer)", {min: 1, value: "K"}),
});

export const description = `Cascading randomization (Adebayo et al. 2018): redraws the weights layer by layer from the top.
Prints {model, image, class: {index, label}, layers
(weighted, top first), steps: [{layer, randomized (count), rankCorrelation: {backprop, guided},
rankCorrelationSigned: {backprop, guided}}], seconds}.`;

export const usage = usageText("sanity", options, description);

export async function run(args: Args) {
  const tf = await initTf();
  const id = required(args, "model"), image = required(args, "image");
  const m = await openModel(id);
  const x = await loadImage(image, m.zoo);
  try {
    const t0 = performance.now();
    const n = m.weighted.length;
    const k = args.options.has("steps") ? Math.min(n, integerOption(args, "steps", n, 1)) : n;
    const checkpoints = [...new Set(Array.from({length: k}, (_, i) => Math.round(((i + 1) * n) / k)))];
    const r = await cascadingRandomization(m, x, {
      classIndex: args.options.has("class") ? integerOption(args, "class", 0, 0) : undefined,
      seed: integerOption(args, "seed", 0, 0),
      checkpoints,
    });
    return {
      model: id, image, class: {index: r.classIndex, label: m.zoo.labels[r.classIndex]},
      layers: m.weighted.slice().reverse().map((l) => l.name),
      steps: r.steps.map((s) => ({layer: s.layer, randomized: s.randomized.length, rankCorrelation: s.rankCorrelation, rankCorrelationSigned: s.rankCorrelationSigned})),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose(x);
    m.zoo.dispose();
  }
}
