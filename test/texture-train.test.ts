// The in-page training loop and its augmentations: seeded (same seed, same run), no tensor
// leaks, Cancel stops it, and the shape-bias measure on ShapeTex counts decisions the way
// the paper does.
import {test} from "node:test";
import assert from "node:assert/strict";
import {initTf} from "../data/node/tf.ts";
import {trainShapeTex} from "../components/texture-bias/train-shapetex.ts";
import {colourJitter, effectiveAgreement, randomCrop} from "../components/texture-bias/augment.ts";
import {shapeTexShapeBias} from "../components/texture-bias/shapetex-bias.ts";
import {UNINFORMATIVE_AGREEMENT} from "../components/datasets/shapetex.ts";
import {makeRng} from "../components/random.ts";

test("texture randomization lowers the chance that texture is the shape's partner", () => {
  assert.equal(effectiveAgreement(1, 0), 1);
  assert.equal(effectiveAgreement(1, 1), UNINFORMATIVE_AGREEMENT);
  assert.ok(Math.abs(effectiveAgreement(0.9, 0.5) - (0.45 + 0.5 / 6)) < 1e-12);
});

test("ShapeTex shape bias: answer = shape is a shape decision, answer = texture's partner a texture decision", () => {
  // shapes 0,0,1,2 with textures 1,2,0,2 (the last agrees: dropped); answers 0 (shape), 2 (texture), 3 (other), 2
  const b = shapeTexShapeBias([0, 0, 1, 2], [1, 2, 0, 2], [0, 2, 3, 2]);
  assert.deepEqual([b.shape, b.texture, b.other, b.excluded], [1, 1, 1, 1]);
  assert.equal(b.shapeBias, 0.5);
  assert.equal(b.categories.length, 6);
});

test("augmentations keep shapes and range, and are seeded", async () => {
  const tf = await initTf();
  const before = tf.memory().numTensors;
  const x = tf.randomUniform([4, 16, 16, 3], 0, 1, "float32", 3) as import("@tensorflow/tfjs").Tensor4D;
  const a = colourJitter(x, 1, makeRng(5)), b = colourJitter(x, 1, makeRng(5)), c = randomCrop(x, 0.3, makeRng(5));
  assert.deepEqual(a.shape, [4, 16, 16, 3]);
  assert.deepEqual(c.shape, [4, 16, 16, 3]);
  tf.tidy(() => assert.ok(a.min().dataSync()[0] >= 0 && a.max().dataSync()[0] <= 1));
  assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
  tf.tidy(() => assert.ok(tf.sub(a, x).abs().mean().dataSync()[0] > 0.01, "jitter changes the image"));
  const none = randomCrop(x, 1, makeRng(1));
  assert.deepEqual(Array.from(none.dataSync()), Array.from(x.dataSync()), "crop scale 1 = no crop");
  tf.dispose([x, a, b, c, none]);
  assert.equal(tf.memory().numTensors, before);
});

test("a short training run is reproducible, leaks no tensors and reports its shape bias", async () => {
  const tf = await initTf();
  const before = tf.memory().numTensors;
  const settings = {steps: 12, batchSize: 16, colourJitter: 0.5, cropScale: 0.5, seed: 3};
  let reports = 0;
  const r1 = await trainShapeTex(settings, {yieldEvery: 0, onProgress: () => reports++});
  assert.equal(tf.memory().numTensors, before, "tensors left behind by training");
  const r2 = await trainShapeTex(settings, {yieldEvery: 0});
  assert.equal(reports, 12);
  assert.deepEqual(r1.bias, r2.bias, "same seed, same run");
  assert.deepEqual(r1.curve.map((c) => c.loss), r2.curve.map((c) => c.loss));
  assert.equal(r1.bias.n, 120, "6 shapes x 5 other textures x 4 images");
  assert.equal(r1.bias.shape + r1.bias.texture + r1.bias.other, 120);
  assert.ok(r1.curve.length >= 10 && r1.curve.every((c) => Number.isFinite(c.loss)));
  assert.equal(r1.settings.cropScale, 0.5);
});

test("Cancel stops training and frees everything", async () => {
  const tf = await initTf();
  const before = tf.memory().numTensors;
  const controller = new AbortController();
  let steps = 0;
  await assert.rejects(
    trainShapeTex({steps: 200, batchSize: 8}, {signal: controller.signal, onProgress: (p) => { steps = p.step; if (p.step === 3) controller.abort(); }}),
    (e: Error) => e.name === "AbortError" || /cancel/i.test(e.message),
  );
  assert.equal(steps, 3);
  assert.equal(tf.memory().numTensors, before);
});
