// Data-parallel training (components/tf/data-parallel.ts, data/train/replicas.ts): where the
// shards are computed never changes the result. One thread computing 2 shards in turn, one
// worker thread, and two worker threads give byte-identical weights on wasm; with 1 shard the
// stepper reproduces tfjs's own optimizer.minimize step bit for bit (how the committed
// ShapeTex models were trained).
import {test} from "node:test";
import assert from "node:assert/strict";
import type {Scalar, Tensor} from "@tensorflow/tfjs";
import {initTf} from "../data/node/tf.ts";
import {LocalStepper, shardBounds, averageGradients} from "../components/tf/data-parallel.ts";
import {WorkerStepper} from "../data/train/replicas.ts";
import {SHAPES} from "../components/datasets/shapetex.ts";
import {buildShapeTexNet, logitsModel} from "../components/models/shapetex-net.ts";
import {BATCH, LR, SIZE, stepperFixture} from "./helpers/stepper-fixture.ts";

const tf = await initTf();
const {net, batches} = stepperFixture(5, 900);

async function localRun(shards: number) {
  const model = buildShapeTexNet(net);
  const stepper = new LocalStepper(model, logitsModel(model), tf.train.adam(LR), shards, SHAPES.length);
  const losses: number[] = [];
  for (const [i, b] of batches.entries()) losses.push((await stepper.step(b.images, b.labels, SIZE, LR / (i + 1))).loss);
  const w = await stepper.weights();
  await stepper.close();
  model.dispose();
  return {w, losses};
}

async function workerRun(shards: number, workers: number) {
  const stepper = await WorkerStepper.start({net, learningRate: LR}, shards, workers);
  try {
    const losses: number[] = [];
    for (const [i, b] of batches.entries()) losses.push((await stepper.step(b.images, b.labels, SIZE, LR / (i + 1))).loss);
    return {w: await stepper.weights(), losses};
  } finally {
    await stepper.close();
  }
}

const bytes = (ws: Float32Array[]) => Buffer.concat(ws.map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength)));

test("shards: equal cuts, uneven batches refused", () => {
  assert.deepEqual(shardBounds(8, 2), [[0, 4], [4, 4]]);
  assert.throws(() => shardBounds(10, 4), /equal shards/);
  assert.deepEqual(Array.from(averageGradients([[Float32Array.of(1, 3)], [Float32Array.of(2, 6)]])[0]), [1.5, 4.5]);
});

test("1 shard = tfjs's optimizer.minimize, bit for bit", async () => {
  const model = buildShapeTexNet(net), toLogits = logitsModel(model), opt = tf.train.adam(LR);
  for (const [i, b] of batches.entries()) {
    (opt as unknown as {learningRate: number}).learningRate = LR / (i + 1);
    tf.tidy(() => {
      const x = tf.tensor4d(b.images, [BATCH, SIZE, SIZE, 3]), y = tf.oneHot(tf.tensor1d(b.labels, "int32"), SHAPES.length);
      opt.minimize(() => tf.losses.softmaxCrossEntropy(y, toLogits.apply(x, {training: true}) as Tensor) as Scalar);
    });
  }
  const reference = model.getWeights().map((t) => t.dataSync() as Float32Array);
  model.dispose();
  const {w} = await localRun(1);
  assert.ok(bytes(w).equals(bytes(reference)));
});

test("2 shards: one thread, one worker and two workers give byte-identical weights and losses", {timeout: 120_000}, async () => {
  const before = tf.memory().numTensors;
  const local = await localRun(2);
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
  const one = await workerRun(2, 1), two = await workerRun(2, 2);
  assert.ok(bytes(one.w).equals(bytes(local.w)), "1 worker = this thread");
  assert.ok(bytes(two.w).equals(bytes(local.w)), "2 workers = this thread");
  assert.deepEqual(two.losses, local.losses);
  // sharding changes only the rounding: the 1-shard run is close but not the same
  const single = await localRun(1);
  const diff = Math.max(...single.w.flatMap((w, i) => Array.from(w, (v, j) => Math.abs(v - local.w[i][j]))));
  assert.ok(diff < 1e-3, `1 vs 2 shards differ by ${diff}`);
});

test("the in-page trainer with 2 shards: this thread (as the page runs it) = 2 worker threads (its Node twin)", {timeout: 300_000}, async () => {
  const {trainShapeTex} = await import("../components/texture-bias/train-shapetex.ts");
  const {nodeStepper} = await import("../data/train/replicas.ts");
  const settings = {steps: 4, batchSize: 8, size: 16, shards: 2, widths: [4, 8, 8] as [number, number, number], colourJitter: 0.5, cropScale: 0.5, seed: 7};
  const before = tf.memory().numTensors;
  const page = await trainShapeTex(settings, {yieldEvery: 0});
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
  const node = await trainShapeTex(settings, {yieldEvery: 0, makeStepper: nodeStepper});
  assert.equal(tf.memory().numTensors, before, "no tensor leaks with workers");
  assert.deepEqual(node.curve, page.curve);
  assert.deepEqual(node.bias, page.bias);
  assert.equal(node.shapeAccuracy, page.shapeAccuracy);
  assert.equal(node.trainDistributionAccuracy, page.trainDistributionAccuracy);
});
