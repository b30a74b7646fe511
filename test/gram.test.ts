// Gram matrices, patch shuffling, the losses and the optimisation loop, on a random toy conv
// net (no mirror, no trained weights needed) with ShapeTex pictures as images.
import {test} from "node:test";
import assert from "node:assert/strict";
import {initTf} from "../data/node/tf.ts";
import {toyModel} from "./helpers/toy-model.ts";
import {gramMatrix, relativeDistance, summarizeGram, summarizeGramValues} from "../components/gram/gram.ts";
import {patchPermutation, shufflePatches} from "../components/gram/shuffle.ts";
import {shuffleComparison} from "../components/gram/position.ts";
import {contentLoss, gramLoss, relativeSquaredError, styleLoss} from "../components/gram/losses.ts";
import {optimizeImage} from "../components/gram/optimize.ts";
import {invertFeatures, styleTransfer, synthesizeTexture, targetGrams} from "../components/gram/experiments.ts";
import {makeCueConflict} from "../components/gram/cue-conflict.ts";
import {gramLayers} from "../components/gram/defaults.ts";
import {renderCueConflict} from "../components/datasets/shapetex.ts";

const tf = await initTf();
const num = (t: import("@tensorflow/tfjs").Tensor) => t.dataSync()[0];
/** A ShapeTex picture as [1, side, side, 3]: shape index s filled with texture t. */
const picture = (s: number, t: number, seed: number, side = 32) => tf.tensor4d(renderCueConflict(s, t, seed, {size: side}), [1, side, side, 3]);

test("gramMatrix is G_ij = (1/M) sum_k F_ik F_jk over the M positions", async () => {
  const before = tf.memory().numTensors;
  // two positions (1x2 map), two channels: F = [[1, 2], [3, 4]] (rows = positions)
  const f = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
  const g = gramMatrix(f);
  assert.deepEqual(g.shape, [1, 2, 2]);
  // G = F^T F / 2 = [[1+9, 2+12], [2+12, 4+16]] / 2
  assert.deepEqual(Array.from(g.dataSync()), [5, 7, 7, 10]);
  const s = await summarizeGram(g);
  assert.equal(s.trace, 15);
  assert.equal(s.meanOffDiagonal, 7);
  assert.equal(s.max, 10);
  assert.deepEqual(summarizeGramValues([5, 7, 7, 10], 2), s, "the same numbers from values already read");
  // vectors [b, c] are one position; a batch gives one matrix per image
  tf.tidy(() => assert.deepEqual(Array.from(gramMatrix(tf.tensor2d([[1, 2], [0, 3]])).dataSync()), [1, 2, 2, 4, 0, 0, 0, 9]));
  // symmetric, and the trace is the mean squared activation summed over channels
  const r = tf.randomNormal([1, 5, 4, 6], 0, 1, "float32", 3);
  const gr = tf.tidy(() => gramMatrix(r).squeeze([0]));
  const grT = gr.transpose();
  assert.ok(await relativeDistance(grT, gr) < 1e-6);
  assert.ok(Math.abs((await summarizeGram(gr)).trace - tf.tidy(() => num(r.square().sum().div(20)))) < 1e-3);
  tf.dispose([f, g, r, gr, grT]);
  assert.equal(tf.memory().numTensors, before, "no tensor kept");
});

test("shufflePatches permutes whole tiles, reproducibly from the seed", () => {
  tf.tidy(() => {
    const x = tf.range(0, 4 * 6 * 2).reshape([1, 4, 6, 2]) as import("@tensorflow/tfjs").Tensor4D;
    const y = shufflePatches(x, 2, 5);
    assert.deepEqual(y.shape, [1, 4, 6, 2]);
    assert.deepEqual(Array.from(y.dataSync()), Array.from(shufflePatches(x, 2, 5).dataSync()));
    const perm = patchPermutation(6, 5);
    assert.deepEqual([...perm].sort(), [0, 1, 2, 3, 4, 5]);
    assert.notDeepEqual(perm, [0, 1, 2, 3, 4, 5]);
    // tile k of the output is tile perm[k] of the input (tiles in row-major order, 3 per row)
    const tile = (t: import("@tensorflow/tfjs").Tensor4D, k: number) => Array.from(t.slice([0, Math.floor(k / 3) * 2, (k % 3) * 2, 0], [1, 2, 2, 2]).dataSync());
    for (let k = 0; k < 6; k++) assert.deepEqual(tile(y, k), tile(x, perm[k]));
    // a patch as big as the image changes nothing; a crop to whole tiles drops the remainder
    assert.deepEqual(Array.from(shufflePatches(x, 4, 1).dataSync()), Array.from(x.slice([0, 0, 0, 0], [1, 4, 4, 2]).dataSync()));
    assert.throws(() => shufflePatches(x, 5), /larger than the image/);
  });
});

test("shuffling patches moves the features but hardly the Gram matrix", async () => {
  const model = toyModel(2, 64);
  const x = picture(3, 1, 7, 64);
  for (const layer of ["conv1", "conv2"]) {
    const c = await shuffleComparison(model, x, layer, {patch: 16, seed: 1});
    assert.ok(c.featureDistance > 0.3, `${layer}: features moved ${c.featureDistance}`);
    assert.ok(c.gramDistance < c.featureDistance / 3, `${layer}: Gram ${c.gramDistance} vs features ${c.featureDistance}`);
    c.shuffled.dispose();
  }
  // a failed comparison (here an unknown layer; on the page, a network disposed under it) keeps nothing
  const uneven = x.slice([0, 0, 0, 0], [1, 60, 60, 3]); // cropped to whole patches inside
  const before = tf.memory().numTensors;
  for (const img of [x, uneven]) await assert.rejects(shuffleComparison(model, img, "no-such-layer", {patch: 16, seed: 1}), /no-such-layer/);
  assert.equal(tf.memory().numTensors, before);
  uneven.dispose();
  x.dispose();
  model.dispose();
});

test("losses: relative squared errors, zero at the target, Gram loss blind to layout", () => {
  tf.tidy(() => {
    const t = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    assert.equal(num(relativeSquaredError(t, t)), 0);
    assert.ok(Math.abs(num(relativeSquaredError(tf.zerosLike(t), t)) - 1) < 1e-6); // zero answer = 1
    assert.ok(Math.abs(num(relativeSquaredError(t.mul(2), t)) - 1) < 1e-6);
    const acts = new Map([["a", t]]);
    assert.ok(Math.abs(num(contentLoss("a", t.mul(0.5), 3).value(acts)) - 3) < 1e-5); // (x - x/2)^2 / (x/2)^2 = 1
    const flipped = new Map([["a", t.reverse(2)]]);
    assert.ok(num(gramLoss("a", gramMatrix(t)).value(flipped)) < 1e-6, "a mirrored map has the same Gram matrix");
    const style = styleLoss(new Map([["a", gramMatrix(t)], ["b", gramMatrix(t.mul(2))]]), 10);
    assert.deepEqual(style.layers, ["a", "b"]);
    assert.ok(Math.abs(num(style.value(new Map([["a", t], ["b", t]]))) - 5 * (9 / 16)) < 1e-4); // weight 10 split over 2 layers; a: 0; b: (G - 4G)^2 / (4G)^2 = 9/16
    assert.throws(() => styleLoss(new Map()), /at least one layer/);
  });
});

test("texture synthesis lowers the Gram loss well under its start, with no tensor leak", async () => {
  const model = toyModel(3, 32);
  const source = picture(0, 2, 11);
  const layers = gramLayers(model).style;
  assert.ok(layers.length >= 2, `generic layer choice: ${layers}`);
  const before = tf.memory().numTensors;
  let last = 0;
  for (let run = 0; run < 2; run++) {
    const r = await synthesizeTexture(model, source, {layers, size: 32, steps: 40, lr: 0.1, seed: 4});
    assert.equal(r.steps, 40);
    assert.equal(r.losses.length, 40);
    assert.ok(r.lastLoss < 0.25 * r.firstLoss, `loss ${r.firstLoss} -> ${r.lastLoss}`);
    assert.equal(r.image.width, 32);
    if (run === 1) assert.equal(r.lastLoss, last, "the same seed gives the same run");
    last = r.lastLoss;
  }
  assert.equal(tf.memory().numTensors, before, "tensors leaked across runs");
  source.dispose();
  model.dispose();
});

test("feature inversion and style transfer lower their losses; cancel stops early", async () => {
  const model = toyModel(4, 32);
  const content = picture(1, 0, 3), style = picture(5, 3, 9);
  const before = tf.memory().numTensors;
  const inv = await invertFeatures(model, content, {layer: "conv2", steps: 40, lr: 0.1, seed: 1});
  assert.ok(inv.lastLoss < 0.5 * inv.firstLoss, `inversion ${inv.firstLoss} -> ${inv.lastLoss}`);
  const st = await styleTransfer(model, content, style, {contentLayer: "conv2", styleLayers: ["conv1", "conv2"], styleWeight: 10, steps: 30, lr: 0.05});
  assert.ok(st.lastLoss < 0.5 * st.firstLoss, `style transfer ${st.firstLoss} -> ${st.lastLoss}`);
  const cue = await makeCueConflict(model, content, style, {steps: 30});
  assert.ok(cue.lastLoss < cue.firstLoss, `cue conflict ${cue.firstLoss} -> ${cue.lastLoss}`);
  const controller = new AbortController();
  const cut = await styleTransfer(model, content, style, {
    contentLayer: "conv2", styleLayers: ["conv1"], steps: 50,
    onProgress: (done) => { if (done === 5) controller.abort(); }, signal: controller.signal,
  });
  assert.equal(cut.cancelled, true);
  assert.equal(cut.steps, 5);
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  tf.dispose([content, style]);
  model.dispose();
});

test("optimizeImage rejects unknown layers and keeps the caller's start image", async () => {
  const model = toyModel(5, 32);
  const start = picture(2, 2, 1);
  const grams = targetGrams(model, start, ["conv1"]);
  await assert.rejects(optimizeImage(model, gramLoss("nope", grams.get("conv1")!), {steps: 1}), /unknown layer "nope"/);
  const r = await optimizeImage(model, gramLoss("conv1", grams.get("conv1")!), {init: start, steps: 3});
  assert.ok(r.firstLoss < 1e-5, "starting at the source, the Gram loss is ~0");
  assert.equal(start.isDisposed, false);
  tf.dispose([start, ...grams.values()]);
  model.dispose();
});
