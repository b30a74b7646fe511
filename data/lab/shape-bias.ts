// `lab shape-bias --model ID --stimuli DIR|mirror [--decisions] --json`: Geirhos et al.'s
// shape bias of an ImageNet model on cue-conflict images laid out like the paper's stimuli.
import {required, type Args} from "./args.ts";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {CATEGORIES} from "../../components/texture-bias/categories.ts";
import {decisionKind, perCategory, shapeBias} from "../../components/texture-bias/shape-bias.ts";
import {wilsonInterval} from "../../components/stats/wilson.ts";
import {decideStimuli, mirrorStimuli, scanStimuli} from "../precompute/texture-stimuli.ts";

export const usage = `lab shape-bias --model ID --stimuli DIR [--decisions] [--json]
  DIR holds CATEGORY/shapeN-textureM.png (the layout of Geirhos et al.'s cue-conflict stimuli);
  "--stimuli mirror" uses the asset mirror's 80 cue-conflict images. ImageNet models only.
  Prints shape_bias (shape / (shape + texture)), shape, texture, other, n (cue-conflict images
  decided), excluded (shape = texture), categories [{category, shape, texture, shape_bias, n}]
  (fractions of each shape category's images), missing_categories, problems [{file, reason}],
  and with --decisions every image's {file, shape, texture, decision, kind}.`;

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);

export async function run(args: Args) {
  const id = required(args, "model"), where = required(args, "stimuli");
  const entry = registryEntry(id);
  if (entry.kind !== "imagenet") throw new Error(`${id} classifies ShapeTex shapes, not ImageNet classes; shape bias on these stimuli needs an ImageNet model (${["mobilenet-v1-0.25", "tiny-darknet"].join(", ")})`);
  const set = where === "mirror" ? await mirrorStimuli() : scanStimuli(where);
  if ("unavailable" in set && set.unavailable) throw new Error(`the mirror's stimuli are not here: ${set.unavailable}`);
  await initTf();
  const t0 = performance.now();
  const model = await loadModel(id);
  try {
    const {decisions, problems} = await decideStimuli(model, set.stimuli);
    const trials = decisions.map((d) => ({shape: d.shape, texture: d.texture, response: d.decision}));
    const b = shapeBias(trials);
    const present = CATEGORIES.filter((c) => decisions.some((d) => d.shape === c));
    return {
      model: id,
      stimuli: where,
      shape_bias: round(b.shapeBias),
      // 95% Wilson interval over the shape + texture decisions (a few dozen on the mirror's images)
      shape_bias_ci95: ((ci) => [round(ci.low), round(ci.high)])(wilsonInterval(b.shape, b.shape + b.texture)),
      shape: b.shape,
      texture: b.texture,
      other: b.other,
      n: b.n,
      excluded: b.excluded,
      categories: perCategory(trials, present).map((c) => ({category: c.category, shape: round(c.shape), texture: round(c.texture), shape_bias: round(c.shapeBias), n: c.n})),
      missing_categories: CATEGORIES.filter((c) => !present.includes(c)),
      problems: [...set.problems, ...problems],
      ...(args.flags.has("decisions") ? {decisions: decisions.map((d) => ({file: d.id, shape: d.shape, texture: d.texture, decision: d.decision, kind: d.shape === d.texture ? "excluded" : decisionKind({...d, response: d.decision})}))} : {}),
      seconds: round((performance.now() - t0) / 1000),
    };
  } finally {
    model.dispose();
  }
}
