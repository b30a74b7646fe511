// `lab sanity`: cascading randomization (Adebayo et al. 2018, with erratum).
import {initTf} from "../node/tf.ts";
import {required, type Args} from "./args.ts";
import {integerOption, loadImage, openModel} from "./backward-io.ts";
import {cascadingRandomization} from "../../components/backward/sanity.ts";

export const usage = `lab sanity --model ID --image FILE [--class N] [--seed S=0] [--steps K (evaluate at K evenly spaced depths; default every layer)] [--json]
  Redraws the weights layer by layer from the top. Prints {model, image, class: {index, label}, layers
  (weighted, top first), steps: [{layer, randomized (count), rankCorrelation: {backprop, guided},
  rankCorrelationSigned: {backprop, guided}}], seconds}.`;

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
