// `lab invariance`: per-layer feature distance and P(class) as the image is translated, scaled or rotated.
import {initTf} from "../node/tf.ts";
import {required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {integerOption, loadImage, openModel} from "./backward-io.ts";
import {AMOUNT, amountsFor, invariance, spreadLayers, TRANSFORMS, type Transform} from "../../components/backward/invariance.ts";

export const options = defineOptions({
  model: opt.text("a zoo id, or a model.json / .tflite path", {required: true, value: "ID"}),
  image: opt.text("an image path or an asset id (e.g. skimage/chelsea.png)", {required: true, value: "FILE"}),
  transform: opt.choice(TRANSFORMS, "the transformation swept", undefined, {required: true}),
  steps: opt.integer("how many amounts, evenly spaced from --from to --to", {default: 9, min: 2, max: 1000}),
  from: opt.number("the first amount (default: the transform's range, below)", {value: "A"}),
  to: opt.number("the last amount, above --from", {value: "B"}),
  layers: opt.text("comma-separated layers (default: a spread from first to last)", {value: "L1,L2,..."}),
  class: opt.integer("the class whose probability is tracked (default: the top-1)", {min: 0, value: "N"}),
});

export const description = `Per-layer feature distance and P(class) as the image is translated, scaled or rotated.
translate: share of the side, downwards (default -0.3..0.3); scale: zoom factor (0.6..1.6); rotate: degrees clockwise (-180..180).
Prints {model, image, transform, amounts, layers, class: {index, label}, distance: {layer: [..]}, relative: {layer: [..]}, probability: [..], seconds}.`;

export const usage = usageText("invariance", options, description);

export async function run(args: Args) {
  const tf = await initTf();
  const id = required(args, "model"), image = required(args, "image"), kind = required(args, "transform");
  if (!(TRANSFORMS as readonly string[]).includes(kind)) throw new Error(`--transform must be one of ${TRANSFORMS.join(", ")}, got "${kind}"`);
  const t = kind as Transform;
  const range: [number, number] = [Number(args.options.get("from") ?? AMOUNT[t].range[0]), Number(args.options.get("to") ?? AMOUNT[t].range[1])];
  if (!range.every(Number.isFinite) || range[0] >= range[1]) throw new Error(`--from must be a number below --to`);
  if (t === "scale" && range[0] <= 0) throw new Error("--from must be positive for scale");
  const {zoo} = await openModel(id);
  const x = await loadImage(image, zoo);
  try {
    const t0 = performance.now();
    const layers = args.options.get("layers")?.split(",") ?? spreadLayers(zoo);
    for (const l of layers) if (!zoo.layers.some((q) => q.name === l)) throw new Error(`${id}: no layer "${l}"`);
    const r = await invariance(zoo, x, t, amountsFor(t, integerOption(args, "steps", 9, 2), range), layers, args.options.has("class") ? integerOption(args, "class", 0, 0) : undefined);
    const byLayer = (v: number[][]) => Object.fromEntries(layers.map((l, j) => [l, v[j]]));
    return {model: id, image, transform: t, unit: AMOUNT[t].unit, amounts: r.amounts, layers, class: {index: r.classIndex, label: zoo.labels[r.classIndex]},
      distance: byLayer(r.distance), relative: byLayer(r.relative), probability: r.probability, seconds: (performance.now() - t0) / 1000};
  } finally {
    tf.dispose(x);
    zoo.dispose();
  }
}
