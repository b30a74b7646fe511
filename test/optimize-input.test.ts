// The "optimizing the input" experiments: FGSM, targeted PGD, fooling images, transfer, class
// visualization and DeepDream, on the embedded ShapeTex nets (always) and MobileNet v1 0.25
// with a mirror photo (asset mirror).
import {test} from "node:test";
import assert from "node:assert/strict";
import type * as tfType from "@tensorflow/tfjs";
import {initTf} from "../data/node/tf.ts";
import {loadModel} from "../data/node/zoo.ts";
import {requireMirror} from "./helpers/mirror.ts";
import {makeShapeTexBatch} from "../components/datasets/shapetex.ts";
import {fgsm} from "../components/attacks/fgsm.ts";
import {pgd} from "../components/attacks/pgd.ts";
import {foolingImage} from "../components/attacks/fooling.ts";
import {magnifiedPerturbation, perturbationNorms, project} from "../components/attacks/norms.ts";
import {top1} from "../components/attacks/gradient.ts";
import {rate, transferTo} from "../components/attacks/transfer.ts";
import {classVisualization} from "../components/classvis/classvis.ts";
import {dream, dreamOctaveSizes} from "../components/dream/dream.ts";
import {deepdream, classLogProbability} from "../components/featvis/objectives.ts";

const tf = await initTf();
type T4 = tfType.Tensor4D;
const shapetex = await loadModel("shapetex");

/** ShapeTex test images (seed 5), one tensor [1, 32, 32, 3] each, with their shapes. */
function shapeImages(n: number): {x: T4; shape: number}[] {
  const b = makeShapeTexBatch(5, n);
  return Array.from({length: n}, (_, i) => ({x: tf.tensor4d(b.images.subarray(i * 32 * 32 * 3, (i + 1) * 32 * 32 * 3), [1, 32, 32, 3]), shape: b.shapes[i]}));
}

test("objectives for attacks and dreams: log-probability and mean square", () => {
  tf.tidy(() => {
    const acts = new Map<string, tfType.Tensor>([["logits", tf.tensor2d([[1, 2, 3]])], ["a", tf.tensor4d([1, -2, 3, 0], [1, 2, 2, 1])]]);
    const z = [1, 2, 3], lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
    assert.ok(Math.abs(classLogProbability(2).value(acts).dataSync()[0] - (3 - lse)) < 1e-5);
    assert.equal(deepdream("a").value(acts).dataSync()[0], (1 + 4 + 9) / 4);
  });
});

test("norms and projection: L∞ in pixel levels, L2 on the [0, 1] scale, projection stays in the ball and in [0, 1]", async () => {
  const before = tf.memory().numTensors;
  const x0 = tf.fill([1, 2, 2, 3], 0.5) as T4;
  const x = tf.tidy(() => x0.add(tf.tensor4d([0.1, -0.2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6], [1, 2, 2, 3])) as T4);
  const n = await perturbationNorms(x0, x);
  assert.ok(Math.abs(n.linf - 0.6 * 255) < 1e-3);
  assert.ok(Math.abs(n.l2 - Math.hypot(0.1, 0.2, 0.6)) < 1e-5);
  const p = project(x, x0, 4 / 255);
  assert.ok((await perturbationNorms(x0, p)).linf <= 4 + 1e-3);
  assert.ok(tf.tidy(() => p.max().dataSync()[0] <= 1 && p.min().dataSync()[0] >= 0));
  const m = await magnifiedPerturbation(x0, x);
  assert.ok(Math.abs(tf.tidy(() => m.max().dataSync()[0]) - 1) < 1e-6); // the largest |δ| fills the range
  tf.dispose([x0, x, p, m]);
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(rate([true, false, true, true]), {changed: 3, n: 4, rate: 0.75});
});

test("FGSM on ShapeTex: the perturbation is exactly ε in L∞ and a small ε flips some images' top-1", async () => {
  const images = shapeImages(12), before = tf.memory().numTensors;
  let flipped = 0;
  for (const {x} of images) {
    const clean = await top1(shapetex, x);
    const adv = await fgsm(shapetex, x, {epsilon: 8});
    const n = await perturbationNorms(x, adv);
    assert.ok(n.linf <= 8 + 1e-3 && n.linf > 7.9, `L∞ ${n.linf}`);
    if ((await top1(shapetex, adv)).index !== clean.index) flipped++;
    // the untargeted step lowers the probability of the class it started from
    assert.ok(tf.tidy(() => shapetex.probabilities(adv).dataSync()[clean.index]) < clean.probability);
    adv.dispose();
  }
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
  assert.ok(flipped >= 1, `ε = 8/255 flipped ${flipped} of 12`);
  images.forEach((i) => i.x.dispose());
});

test("targeted PGD on ShapeTex reaches its target within ε = 16 levels, and stops there", async () => {
  const images = shapeImages(6), before = tf.memory().numTensors;
  for (const {x} of images) {
    const target = ((await top1(shapetex, x)).index + 3) % 6;
    const r = await pgd(shapetex, x, {epsilon: 16, step: 2, iterations: 40, target, stopEarly: true});
    const n = await perturbationNorms(x, r.adversarial);
    assert.ok(r.reached, `target ${target} not reached in ${r.iterations} iterations`);
    assert.equal((await top1(shapetex, r.adversarial)).index, target);
    assert.ok(n.linf <= 16 + 1e-3, `L∞ ${n.linf} > 16`);
    assert.ok(r.iterations < 40);
    assert.ok(tf.tidy(() => r.adversarial.min().dataSync()[0] >= 0 && r.adversarial.max().dataSync()[0] <= 1));
    r.adversarial.dispose();
  }
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
  images.forEach((i) => i.x.dispose());
});

test("PGD can be cancelled and reports how far it got", async () => {
  const [{x}] = shapeImages(1), before = tf.memory().numTensors;
  const c = new AbortController();
  const r = await pgd(shapetex, x, {epsilon: 4, step: 0.25, iterations: 100, target: 0, onProgress: (i) => { if (i === 3) c.abort(); }, signal: c.signal});
  assert.equal(r.cancelled, true);
  assert.equal(r.iterations, 3);
  r.adversarial.dispose();
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
  await assert.rejects(fgsm(shapetex, x, {epsilon: 2, target: 6}), /target 6 out of range/);
});

test("fooling images: seeded noise reaches ≥ 99% confidence in every ShapeTex class", async () => {
  const before = tf.memory().numTensors;
  for (let target = 0; target < 6; target++) {
    const r = await foolingImage(shapetex, {target, seed: 3});
    assert.ok(r.reached, `class ${target}: ${JSON.stringify(r.top1)} after ${r.iterations}`);
    assert.equal(r.top1.index, target);
    assert.ok(r.top1.probability >= 0.99);
    tf.dispose([r.start, r.adversarial]);
  }
  assert.equal(tf.memory().numTensors, before);
});

test("transfer: a ShapeTex adversarial image classified by the blur-pool net", async () => {
  const blurpool = await loadModel("shapetex-blurpool");
  const images = shapeImages(6), before = tf.memory().numTensors;
  const outcomes = [];
  for (const {x} of images) {
    const adv = await fgsm(shapetex, x, {epsilon: 16});
    const t = await transferTo(blurpool, x, adv);
    assert.equal(t.model, "shapetex-blurpool");
    assert.equal(t.changed, t.before.index !== t.after.index);
    assert.equal(t.before.index, (await top1(blurpool, x)).index);
    outcomes.push(t.changed);
    adv.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
  assert.equal(rate(outcomes).n, 6);
  images.forEach((i) => i.x.dispose());
  blurpool.dispose();
});

test("class visualization: each of ShapeTex's six shapes renders into an image the net classifies as that shape", async () => {
  const before = tf.memory().numTensors;
  for (let k = 0; k < 6; k++) {
    const r = await classVisualization(shapetex, k);
    assert.equal(r.image.width, 32);
    assert.ok(r.logitAfter > r.logitBefore + 5, `${k}: ${r.logitBefore} -> ${r.logitAfter}`);
    assert.equal(r.top1.index, k, `class ${k} rendered as ${r.top1.label} (${r.top1.probability})`);
    assert.ok(r.probability > 0.9, `P(${k}) = ${r.probability}`);
  }
  assert.equal(tf.memory().numTensors, before);
});

test("DeepDream raises its objective, reports each octave as it finishes, and cancels cleanly", async () => {
  assert.deepEqual(dreamOctaveSizes([224, 224], 4, 1.4), [[82, 82], [114, 114], [160, 160], [224, 224]]);
  assert.deepEqual(dreamOctaveSizes([32, 32], 4, 1.4), [[16, 16], [23, 23], [32, 32]]);
  const [{x}] = shapeImages(1), before = tf.memory().numTensors;
  const seen: number[] = [];
  const r = await dream(shapetex, x, {layer: "conv2_2", octaves: 3, stepsPerOctave: 8, onOctave: (o, n, img) => { seen.push(img.width); assert.equal(n, 3); }});
  assert.deepEqual(seen, [16, 23, 32]);
  assert.ok(r.objectiveAfter > 2 * r.objectiveBefore, `${r.objectiveBefore} -> ${r.objectiveAfter}`);
  const one = await dream(shapetex, x, {layer: "conv3_1", channel: 5, octaves: 2, stepsPerOctave: 8});
  assert.ok(one.objectiveAfter > one.objectiveBefore, `channel: ${one.objectiveBefore} -> ${one.objectiveAfter}`);
  const c = new AbortController();
  const cut = await dream(shapetex, x, {layer: "conv2_2", octaves: 3, stepsPerOctave: 8, onProgress: (s) => { if (s === 10) c.abort(); }, signal: c.signal});
  assert.equal(cut.cancelled, true);
  assert.equal(cut.steps, 10);
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
  await assert.rejects(dream(shapetex, x, {layer: "gap"}), /not a feature map/);
  await assert.rejects(dream(shapetex, x, {layer: "conv2_2", channel: 32}), /channel 32 out of range/);
  x.dispose();
});

test("MobileNet v1 0.25: FGSM at ε = 1 pixel level flips chelsea's top-1; a targeted PGD reaches dumbbell within ε = 4", async (t) => {
  if (!requireMirror(t, "mit-cml")) return;
  const {readImage} = await import("../data/node/image-io.ts");
  const {resolveAsset} = await import("../data/assets/resolve.ts");
  const {toModelInput} = await import("../components/image/prepare.ts");
  const model = await loadModel("mobilenet-v1-0.25");
  const {data, width, height} = readImage(await resolveAsset("skimage/chelsea.png"));
  const x = toModelInput(data, width, height, model.inputSize);
  const before = tf.memory().numTensors;
  const clean = await top1(model, x);
  assert.match(model.labels[clean.index], /cat|tabby/);
  const adv = await fgsm(model, x, {epsilon: 1});
  const after = await top1(model, adv);
  assert.notEqual(after.index, clean.index, `still ${model.labels[after.index]}`);
  assert.ok((await perturbationNorms(x, adv)).linf <= 1 + 1e-3);
  adv.dispose();
  const dumbbell = model.labels.indexOf("dumbbell");
  const r = await pgd(model, x, {epsilon: 4, step: 1, iterations: 10, target: dumbbell, stopEarly: true});
  assert.ok(r.reached, `dumbbell not reached: ${model.labels[r.top1.index]} ${r.top1.probability}`);
  assert.ok((await perturbationNorms(x, r.adversarial)).linf <= 4 + 1e-3);
  r.adversarial.dispose();
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
  x.dispose();
  model.dispose();
});
