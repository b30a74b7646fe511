// A sweep is one batched forward pass that gives exactly what one-by-one passes give, leaves
// no tensors behind, and feature maps under shift move with the input.
import {before, test} from "node:test";
import assert from "node:assert/strict";
import {initTf, tf} from "../data/node/tf.ts";
import {blankImage} from "../components/shift/image.ts";
import {shiftSource, shiftedView, type ShiftGeometry} from "../components/shift/protocols.ts";
import {featureMapsUnderShift, sweepShifts} from "../components/shift/sweep.ts";
import {makeShapeTexBatch} from "../components/datasets/shapetex.ts";
import {toyModel} from "./helpers/toy-model.ts";

before(async () => void (await initTf()));

const g: ShiftGeometry = {canvas: [48, 48], inner: [24, 24], maxShift: 6, direction: "diagonal"};
const image = () => {
  const b = makeShapeTexBatch(3, 1, {size: 24});
  return {data: b.images, width: 24, height: 24};
};

test("the batched sweep equals one forward pass per shifted view", async () => {
  const model = toyModel(2, 32);
  const source = shiftSource(image(), "inpaint", g);
  const s = await sweepShifts(model, source, {chunk: 4}); // two chunks: 4 + 3
  assert.equal(s.probabilities.length, 7);
  assert.deepEqual(s.shifts, [0, 1, 2, 3, 4, 5, 6]);
  for (const k of [0, 3, 6]) {
    const v = shiftedView(source, k);
    const p = tf.tidy(() => model.probabilities(tf.tensor4d(v.data, [1, 48, 48, 3])).dataSync());
    for (let c = 0; c < 10; c++) assert.ok(Math.abs(p[c] - s.probabilities[k][c]) < 1e-5, `shift ${k} class ${c}`);
  }
  for (const p of s.probabilities) assert.ok(Math.abs(Array.from(p).reduce((a, b) => a + b, 0) - 1) < 1e-4);
  model.dispose();
});

test("sweeps and feature maps leave no tensors behind", async () => {
  const model = toyModel(3, 32);
  const source = shiftSource(image(), "black", g);
  await sweepShifts(model, source); // warm-up builds the model's variables and sub-models
  await featureMapsUnderShift(model, source, "conv1", 0, [0, 1]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    await sweepShifts(model, source);
    await featureMapsUnderShift(model, source, "conv1", 2, [0, 1, 2]);
  }
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(featureMapsUnderShift(model, source, "conv1", 99, [0]), /channel 99 out of range/);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test("a stride-1 layer's feature map moves with the input, pixel for pixel", async () => {
  const model = toyModel(4, 32);
  // a single bright square on black, far from the border: conv1 (stride 1, same padding) is equivariant
  const img = blankImage(24, 24);
  for (let y = 8; y < 14; y++) for (let x = 9; x < 15; x++) img.data.set([1, 0.5, 0.2], (y * 24 + x) * 3);
  const source = shiftSource(img, "black", g);
  const {maps, width} = await featureMapsUnderShift(model, source, "conv1", 1, [0, 1]);
  let compared = 0;
  for (let y = 10; y < 40; y++) {
    for (let x = 10; x < 40; x++) {
      assert.ok(Math.abs(maps[1][(y + 1) * width + x + 1] - maps[0][y * width + x]) < 1e-5);
      compared++;
    }
  }
  assert.equal(compared, 900);
  model.dispose();
});
