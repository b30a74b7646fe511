// Feature visualization: objectives, parameterizations, transforms and the render loop, on a
// random toy conv net (always) and on the real zoo models (mirror / trained weights).
import {test} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf} from "../data/node/tf.ts";
import {toyModel} from "./helpers/toy-model.ts";
import {channel, classLogit, l2, neuron, totalVariation, type Activations} from "../components/featvis/objectives.ts";
import {fourierImage, pixelImage} from "../components/featvis/param.ts";
import {blur, compose, gaussianKernel, jitter, pad, randomRotate, randomScale, standardTransforms} from "../components/featvis/transforms.ts";
import {octaveSizes, render} from "../components/featvis/render.ts";
import {seededRandom} from "../components/featvis/random.ts";
import type {ZooModel} from "../components/zoo/types.ts";

const tf = await initTf();
process.env.ASSET_MIRROR ??= path.resolve("../shared/assets");
const num = (t: import("@tensorflow/tfjs").Tensor) => t.dataSync()[0];

test("objectives read the activations they name and combine arithmetically", () => {
  tf.tidy(() => {
    // layer "a": [1, 3, 3, 2]; channel 1 holds 0..8, so its mean is 4 and its centre 4 as well
    const ch1 = tf.range(0, 9).reshape([1, 3, 3, 1]);
    const a = tf.concat([tf.onesLike(ch1), ch1], 3);
    const image = tf.tensor4d([0, 1, 0, 1], [1, 2, 2, 1]); // TV: |dy| mean 0, |dx| mean 1
    const acts: Activations = new Map([["a", a], ["input", image], ["logits", tf.tensor2d([[1, 5, 2]])]]);
    assert.equal(num(channel("a", 1).value(acts)), 4);
    assert.equal(num(channel("a", 0).value(acts)), 1);
    assert.equal(num(neuron("a", 1).value(acts)), 4);
    assert.equal(num(classLogit(1).value(acts)), 5);
    assert.equal(num(totalVariation(2).value(acts)), 2);
    assert.equal(num(l2(4).value(acts)), 1); // (±0.5)^2 = 0.25, x4
    const combined = channel("a", 1).minus(totalVariation(0.5)).plus(classLogit(2).times(3));
    assert.equal(num(combined.value(acts)), 4 - 0.5 + 6);
    assert.deepEqual(combined.layers.sort(), ["a", "input", "logits"]);
    assert.match(combined.description, /channel\(a, 1\)/);
    assert.throws(() => channel("a", 2).value(acts), /out of range/);
  });
});

test("transforms keep the image size and are deterministic for a seed", () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const x = tf.randomUniform([1, 40, 40, 3], 0, 1, "float32", 3) as import("@tensorflow/tfjs").Tensor4D;
    const cases = {jitter: jitter(6), scale: randomScale([0.8, 0.9, 1.1, 1.25]), rotate: randomRotate(15), blur: blur(1.2)};
    for (const [name, t] of Object.entries(cases)) {
      const a = t(x, seededRandom(11)), b = t(x, seededRandom(11));
      assert.deepEqual(a.shape, x.shape, name);
      assert.equal(num(a.sub(b).abs().max()), 0, `${name} is deterministic`);
      if (name !== "blur") {
        const c = t(x, seededRandom(12)), d = t(x, seededRandom(13));
        assert.ok(num(c.sub(d).abs().max()) > 0 || num(a.sub(c).abs().max()) > 0, `${name} depends on the seed`);
        c.dispose(); d.dispose();
      }
      a.dispose(); b.dispose();
    }
    const padded = pad(5)(x, seededRandom(0));
    assert.deepEqual(padded.shape, [1, 50, 50, 3]);
    assert.equal(num(padded.slice([0, 0, 0, 0], [1, 5, 50, 3]).sub(0.5).abs().max()), 0);
    const all = compose(...standardTransforms())(x, seededRandom(1));
    assert.deepEqual(all.shape, [1, 64, 64, 3]); // pad 12 on each side; the rest keep the size
    // blur keeps the mean of a smooth image and lowers its variation
    const blurred = blur(2)(x, seededRandom(0));
    assert.ok(Math.abs(num(blurred.mean()) - num(x.mean())) < 0.02);
    const tv = (t: import("@tensorflow/tfjs").Tensor4D) => num(totalVariation().value(new Map([["input", t]])));
    assert.ok(tv(blurred) < tv(x) / 3, `blur: TV ${tv(blurred)} vs ${tv(x)}`);
    assert.ok(Math.abs(gaussianKernel(1.5).reduce((s, v) => s + v, 0) - 1) < 1e-9);
  });
  assert.equal(tf.memory().numTensors, before);
});

test("rotation's gradient is the exact adjoint of the rotation (wasm has no gradient for tf.image.transform)", () => {
  tf.tidy(() => {
    const x = tf.randomNormal([1, 17, 17, 2], 0, 1, "float32", 1) as import("@tensorflow/tfjs").Tensor4D;
    const y = tf.randomNormal([1, 17, 17, 2], 0, 1, "float32", 2);
    const rot = randomRotate([23]);
    // <R x, y> = <x, Rᵀ y>, and tf.grad of <R x, y> with respect to x is Rᵀ y
    const g = tf.grad((v: import("@tensorflow/tfjs").Tensor) => rot(v as import("@tensorflow/tfjs").Tensor4D, seededRandom(0)).mul(y).sum())(x);
    const lhs = num(rot(x, seededRandom(0)).mul(y).sum()), rhs = num(x.mul(g).sum());
    assert.ok(Math.abs(lhs - rhs) < 1e-3 * Math.max(1, Math.abs(lhs)), `${lhs} vs ${rhs}`);
    // a 90-degree turn of a square image is exact: it moves pixel (0, 0) to the top-right... or bottom-left
    const z = tf.zeros([1, 5, 5, 1]).add(tf.oneHot([0], 25).reshape([1, 5, 5, 1]));
    const turned = randomRotate([90])(z as import("@tensorflow/tfjs").Tensor4D, seededRandom(0)).reshape([25]);
    const at = turned.argMax().dataSync()[0];
    assert.ok(at === 4 || at === 20, `90° moved (0,0) to ${at}`);
    assert.ok(Math.abs(num(turned.max()) - 1) < 1e-5);
  });
});

test("parameterizations give seeded images in [0, 1] and dispose all they own", () => {
  const before = tf.memory().numTensors;
  for (const make of [(seed: number) => fourierImage({size: [24, 30], seed}), (seed: number) => pixelImage({size: [24, 30], seed})]) {
    const p = make(4), q = make(4), r = make(5);
    tf.tidy(() => {
      const [a, b, c] = [p.image(), q.image(), r.image()];
      assert.deepEqual(a.shape, [1, 24, 30, 3]);
      assert.ok(num(a.min()) >= 0 && num(a.max()) <= 1);
      assert.equal(num(a.sub(b).abs().max()), 0);
      assert.ok(num(a.sub(c).abs().max()) > 0);
    });
    [p, q, r].forEach((x) => x.dispose());
  }
  assert.equal(tf.memory().numTensors, before);
});

test("the Fourier parameterization is an inverse real DFT: a DC-only spectrum is a flat image", () => {
  const p = fourierImage({size: 16, seed: 0, decorrelate: false});
  const [re, im] = p.variables;
  re.assign(tf.tidy(() => tf.zeros(re.shape).add(tf.oneHot([0], 16 * 9).reshape([1, 16, 9]).tile([3, 1, 1]))));
  im.assign(tf.zerosLike(im));
  const img = p.image();
  // DC coefficient 1, scaled by 1/max(f, 1/16) = 16, orthonormal 1/sqrt(256), /4 -> sigmoid(0.25)
  const expected = 1 / (1 + Math.exp(-0.25));
  assert.ok(num(img.sub(expected).abs().max()) < 1e-5);
  img.dispose();
  p.dispose();
});

test("octaves grow by the factor and end at full size", () => {
  assert.deepEqual(octaveSizes(32, 128, 1.4), [32, 45, 63, 88, 123, 128]);
  assert.deepEqual(octaveSizes(128, 128, 1.3), [128]);
});

/** Render a channel and check it climbs; also that nothing leaks and the ReLU gradient is restored. */
async function climbs(model: ZooModel, layer: string, k: number, options: Parameters<typeof render>[2], minGain: number) {
  const relu = tf.getGradient("Relu");
  const before = tf.memory().numTensors;
  const r = await render(model, channel(layer, k), options);
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
  assert.equal(tf.getGradient("Relu"), relu, "Relu gradient restored");
  assert.equal(r.cancelled, false);
  assert.equal(r.image.data.length, r.image.width * r.image.height * 4);
  assert.ok(r.objectiveAfter > r.objectiveBefore + minGain, `${model.id} ${layer}:${k} ${options?.schedule ?? "modern"}: ${r.objectiveBefore} -> ${r.objectiveAfter}`);
  return r;
}

test("render raises a channel of an early and a late layer of the toy net, both params and schedules", async () => {
  const model = toyModel(1);
  for (const [layer, k] of [["conv1", 2], ["conv3", 5]] as const) {
    await climbs(model, layer, k, {steps: 40, seed: 1}, 0.1); // Fourier + standard transforms
    const param = pixelImage({size: 32, seed: 2});
    await climbs(model, layer, k, {steps: 40, seed: 2, param}, 0.1);
    param.dispose();
    const r = await climbs(model, layer, k, {steps: 40, seed: 3, schedule: "classic", classic: {startSize: 12}}, 0.1);
    assert.equal(r.image.width, 32);
  }
  model.dispose();
});

test("render is deterministic for a seed and reports progress every step", async () => {
  const model = toyModel(2);
  const seen: number[] = [];
  const a = await render(model, channel("conv2", 3), {steps: 10, seed: 9, onProgress: (s, total) => { seen.push(s); assert.equal(total, 10); }});
  const b = await render(model, channel("conv2", 3), {steps: 10, seed: 9});
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(a.objectiveAfter, b.objectiveAfter);
  assert.deepEqual(a.image.data, b.image.data);
  model.dispose();
});

test("an AbortSignal stops the render early, reports cancelled and leaks nothing", async () => {
  const model = toyModel(3);
  const relu6 = tf.getGradient("Relu6"), before = tf.memory().numTensors;
  const controller = new AbortController();
  const r = await render(model, channel("conv2", 1), {steps: 200, seed: 1, redirectSteps: 50, onProgress: (s) => { if (s === 3) controller.abort(); }, signal: controller.signal});
  assert.equal(r.cancelled, true);
  assert.equal(r.steps, 3);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(tf.getGradient("Relu6"), relu6);
  model.dispose();
});

test("unknown layers are rejected before any work", async () => {
  const model = toyModel(1);
  await assert.rejects(render(model, channel("nope", 0)), /unknown layer "nope"/);
  model.dispose();
});

function mirrorOrSkip(t: {skip: (m: string) => void}): boolean {
  const mirror = process.env.ASSET_MIRROR!;
  if (fs.existsSync(path.join(mirror, "mit-cml"))) return true;
  if (process.env.CI === "true") assert.fail(`asset mirror missing at ${mirror} (set ASSET_MIRROR)`);
  t.skip(`asset mirror not found at ${mirror}`);
  return false;
}

test("MobileNet v1 0.25: early and late channels climb (modern and classic)", async (t) => {
  if (!mirrorOrSkip(t)) return;
  const {loadModel} = await import("../data/node/zoo.ts");
  const model = await loadModel("mobilenet-v1-0.25");
  await climbs(model, "conv_pw_2_relu", 3, {steps: 24, size: 64, seed: 1}, 0.3);
  await climbs(model, "conv_pw_11_relu", 20, {steps: 24, size: 64, seed: 1}, 0.3);
  await climbs(model, "conv_pw_5_relu", 7, {steps: 24, size: 64, seed: 1, schedule: "classic"}, 0.3);
  // Deep ReLU6 channels start dead (all zero): without the redirected gradient they never move
  const plain = await render(model, channel("conv_pw_13_relu", 0), {steps: 24, size: 64, seed: 1, redirectSteps: 0});
  const redirected = await render(model, channel("conv_pw_13_relu", 0), {steps: 24, size: 64, seed: 1, redirectSteps: 16});
  assert.equal(plain.objectiveBefore, 0);
  assert.ok(plain.objectiveAfter < 0.05, `without redirect: ${plain.objectiveAfter}`);
  assert.ok(redirected.objectiveAfter > 2, `with redirect: ${redirected.objectiveAfter}`);
  model.dispose();
});

test("ShapeTex: early and late channels climb", async (t) => {
  const dir = path.resolve("models/shapetex");
  if (!fs.existsSync(path.join(dir, "model.json"))) {
    if (process.env.CI === "true") assert.fail(`${dir}/model.json missing (npm run train)`);
    t.skip(`shapetex not trained yet (${dir})`);
    return;
  }
  const {loadModel} = await import("../data/node/zoo.ts");
  const model = await loadModel("shapetex");
  const convs = model.layers.filter((l) => l.kind === "conv" || l.kind === "activation");
  for (const info of [convs[0], convs[convs.length - 1]]) {
    await climbs(model, info.name, 1 % info.shape[info.shape.length - 1], {steps: 32, seed: 1}, 0.1);
  }
  model.dispose();
});
