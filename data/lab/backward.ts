// `lab backward`: one unit's (or class's) projection to pixel space under a backward rule.
import {initTf} from "../node/tf.ts";
import {writePng} from "../node/png.ts";
import {required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {integerOption, loadImage, openModel} from "./backward-io.ts";
import {project, type Target} from "../../components/backward/project.ts";
import {isRule, RULES} from "../../components/backward/rules.ts";
import {toRgba, VIEWS, type View} from "../../components/backward/view.ts";

export const options = defineOptions({
  model: opt.text("a zoo id, or a model.json / .tflite path", {required: true, value: "ID"}),
  image: opt.text("an image path or an asset id (e.g. skimage/chelsea.png)", {required: true, value: "FILE"}),
  rule: opt.choice(RULES, "the backward rule through the ReLUs", undefined, {required: true}),
  layer: opt.text("the layer of the unit (not needed with --class)", {value: "L"}),
  channel: opt.integer("the channel of the unit (not needed with --class)", {min: 0, value: "K"}),
  units: opt.choice(["max", "all"], "project the channel's strongest unit, or all its units", "max"),
  class: opt.integer("project a class logit instead of --layer/--channel", {min: 0, value: "N"}),
  out: opt.text("write the map as a PNG", {value: "FILE.png"}),
  view: opt.choice(VIEWS, "how the PNG shows the map's sign", "signed"),
});

export const description = `One unit's (or class logit's) projection to pixel space under a backward rule.
Prints {model, image, rule, target, unit: {row, col, value}, map: {min, max, meanAbs, l2}, seconds, out}.`;

export const usage = usageText("backward", options, description);

export async function run(args: Args) {
  const tf = await initTf();
  const id = required(args, "model"), image = required(args, "image"), rule = required(args, "rule");
  if (!isRule(rule)) throw new Error(`--rule must be one of ${RULES.join(", ")}, got "${rule}"`);
  const view = (args.options.get("view") ?? "signed") as View;
  if (!VIEWS.includes(view)) throw new Error(`--view must be one of ${VIEWS.join(", ")}`);
  const units = args.options.get("units") ?? "max";
  if (units !== "max" && units !== "all") throw new Error(`--units must be max or all, got "${units}"`);
  const target: Target = args.options.has("class")
    ? {kind: "logit", index: integerOption(args, "class", 0, 0)}
    : {kind: "channel", layer: required(args, "layer"), channel: integerOption(args, "channel", 0, 0), units};
  const {zoo} = await openModel(id);
  const x = await loadImage(image, zoo);
  try {
    const t0 = performance.now();
    const p = await project(zoo, x, target, rule);
    const values = p.map.dataSync();
    const seconds = (performance.now() - t0) / 1000;
    let min = Infinity, max = -Infinity, sumAbs = 0, sq = 0;
    for (const v of values) (min = Math.min(min, v)), (max = Math.max(max, v)), (sumAbs += Math.abs(v)), (sq += v * v);
    const out = args.options.get("out");
    if (out) writePng(out, await toRgba(p.map, view));
    p.map.dispose();
    return {model: id, image, rule, target, unit: p.unit, map: {min, max, meanAbs: sumAbs / values.length, l2: Math.sqrt(sq)}, view, seconds, out: out ?? null};
  } finally {
    tf.dispose(x);
    zoo.dispose();
  }
}
