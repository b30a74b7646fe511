// `lab adversarial`: FGSM, a targeted projected-gradient attack, or a fooling image from noise,
// headless; the adversarial image classified by the attacked network and, resized to their
// own input size, by others (transfer).
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {writePng} from "../node/png.ts";
import {numberOption, required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {classIndex, integer, positive, readModelImage, round} from "./optimize-io.ts";
import {fgsm} from "../../components/attacks/fgsm.ts";
import {pgd} from "../../components/attacks/pgd.ts";
import {foolingImage} from "../../components/attacks/fooling.ts";
import {perturbationNorms} from "../../components/attacks/norms.ts";
import {transferTo, type TransferOutcome} from "../../components/attacks/transfer.ts";
import {toRGBA} from "../../components/featvis/render.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {topK} from "../../components/zoo/topk.ts";
import type {Prediction} from "../../components/zoo/types.ts";

export const options = defineOptions({
  model: opt.text("a zoo id", {required: true, value: "ID"}),
  attack: opt.choice(["fgsm", "pgd", "fooling"], "the attack", undefined, {required: true}),
  image: opt.text("an image path or an asset id (not with fooling)", {value: "FILE"}),
  eps: opt.number("L∞ budget in pixel levels out of 255 (fgsm, pgd)", {min: 0, max: 255, value: "E"}),
  target: opt.text("the class to reach: its index or its label (needed by fooling)", {value: "K|NAME"}),
  step: opt.number("step in pixel levels out of 255", {default: 1, min: 0, above: true, max: 255, value: "S"}),
  iterations: opt.integer("steps of pgd and fooling (default: 10, fooling 200)", {min: 1, max: 100000}),
  confidence: opt.number("fooling stops once the target's probability reaches this", {default: 0.99, min: 0, above: true, max: 1}),
  seed: opt.integer("random seed of fooling's noise", {default: 0, min: 0}),
  "transfer-to": opt.text("comma-separated zoo ids the adversarial image is also shown to", {value: "ID,ID..."}),
  out: opt.text("write the adversarial image as a PNG", {value: "FILE.png"}),
  top: opt.integer("how many classes in before/after", {default: 5, min: 1, max: 1000}),
});

export const description = `Adversarial examples: fgsm and pgd perturb an image, fooling grows one from noise.
E and S are in pixel levels out of 255 (L∞ budget and step). fgsm: one signed-gradient step of E
away from the model's top-1 (or towards --target). pgd: --iterations steps of S, each projected
back to within E of the image; with --target it stops once the target is top-1.
fooling: from seeded noise towards --target until its probability reaches --confidence.
Prints {model, image, attack, eps, step, iterations, target, top1_before, top1_after, changed,
reached, before (top-k), after (top-k), norms: {linf (levels), l2 ([0,1] scale), rms (levels)},
transfer: [{model, before, after, changed}], seconds, out}.`;

export const usage = usageText("adversarial", options, description);

const pred = (p: Prediction) => ({...p, probability: round(p.probability, 6)});

export async function run(args: Args): Promise<object> {
  const id = required(args, "model"), attack = required(args, "attack");
  if (!["fgsm", "pgd", "fooling"].includes(attack)) throw new Error(`--attack must be fgsm, pgd or fooling, got "${attack}"`);
  registryEntry(id);
  const image = attack === "fooling" ? null : required(args, "image");
  const eps = attack === "fooling" ? 255 : numberOption(args, "eps", NaN);
  if (!(eps >= 0)) throw new Error(`--eps (pixel levels out of 255) must be a number >= 0`);
  const step = positive(args, "step", 1);
  const iterations = integer(args, "iterations", attack === "fooling" ? 200 : 10, 1);
  const k = integer(args, "top", 5, 1), seed = integer(args, "seed", 0, 0);
  const confidence = numberOption(args, "confidence", 0.99);
  const others = (args.options.get("transfer-to") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  others.forEach(registryEntry);
  if (attack === "fooling" && !args.options.has("target")) throw new Error("--attack fooling needs --target");

  await initTf();
  const model = await loadModel(id);
  const owned: tf.Tensor[] = [];
  try {
    const target = args.options.has("target") ? classIndex(model, args.options.get("target")!, "target") : undefined;
    const t0 = performance.now();
    let x: tf.Tensor4D, adv: tf.Tensor4D, done = 1, reached: boolean | null = null;
    if (attack === "fooling") {
      const r = await foolingImage(model, {target: target!, confidence, step, maxIterations: iterations, seed});
      owned.push((x = r.start), (adv = r.adversarial));
      done = r.iterations;
      reached = r.reached;
    } else {
      owned.push((x = await readModelImage(image!, model.inputSize)));
      if (attack === "fgsm") owned.push((adv = await fgsm(model, x, {epsilon: eps, target})));
      else {
        const r = await pgd(model, x, {epsilon: eps, step, iterations, target, stopEarly: target !== undefined});
        owned.push((adv = r.adversarial));
        done = r.iterations;
        reached = r.reached;
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const before = await topK(model, x, k), after = await topK(model, adv, k);
    if (target !== undefined && reached === null) reached = after[0].index === target;
    const transfer: TransferOutcome[] = [];
    for (const other of others) {
      const m = await loadModel(other);
      try {
        transfer.push(await transferTo(m, x, adv));
      } finally {
        m.dispose();
      }
    }
    const out = args.options.get("out");
    if (out) writePng(out, await toRGBA(adv));
    const n = await perturbationNorms(x, adv);
    return {
      model: id, image, attack, eps, step: attack === "fgsm" ? null : step, iterations: done, target: target ?? null,
      top1_before: pred(before[0]), top1_after: pred(after[0]), changed: before[0].index !== after[0].index, reached,
      before: before.map(pred), after: after.map(pred),
      norms: {linf: round(n.linf), l2: round(n.l2), rms: round(n.rms)},
      transfer: transfer.map((t) => ({...t, before: {...t.before, probability: round(t.before.probability, 6)}, after: {...t.after, probability: round(t.after.probability, 6)}})),
      seconds: round(seconds, 3), out: out ? path.resolve(out) : null,
    };
  } finally {
    tf.dispose(owned);
    model.dispose();
  }
}
