// Heavy precompute and `lab` work on every core (data/precompute/model-pool.ts): a pool of worker
// threads gives the same render atlas, byte for byte, and the same shift sweeps as this thread;
// a failing job is reported with the worker's error and the pool goes on serving.
import {after, before, test} from "node:test";
import assert from "node:assert/strict";
import {initTf} from "../data/node/tf.ts";
import {loadModel} from "../data/node/zoo.ts";
import {renderAtlas} from "../data/precompute/renders.ts";
import {startModelPool, type ModelPool} from "../data/precompute/model-pool.ts";
import {geometryFor, shapeTexItems, shapeTexSideFor, sweepImageSet} from "../data/precompute/shift-sweeps.ts";
import type {ZooModel} from "../components/zoo/types.ts";

let model: ZooModel, pool: ModelPool;
before(async () => {
  await initTf();
  model = await loadModel("shapetex");
  pool = await startModelPool("shapetex", 2);
});
after(async () => {
  await pool?.close();
  model?.dispose();
});

test("two render workers give the same ShapeTex atlas as this thread, byte for byte", {timeout: 600_000}, async () => {
  const options = {embedded: true, size: model.inputSize[0], steps: 3, seed: 5, batch: 16};
  const here = await renderAtlas(model, options);
  const lines: string[] = [];
  const pooled = await renderAtlas(model, {...options, render: pool.render, log: (l) => lines.push(l)});
  assert.equal(pooled.layers.length, here.layers.length);
  assert.ok(here.layers.every((l) => l.channels.length > 0 && l.objective.some((v) => v !== 0)), "every layer rendered something");
  assert.deepEqual(pooled, here);
  assert.equal(lines.length, here.layers.reduce((n, l) => n + Math.ceil(l.channels.length / options.batch), 0), "one progress line per group");
});

test("two workers sweep ShapeTex images through their shifts to the same numbers as this thread", {timeout: 600_000}, async () => {
  const g = geometryFor(model, 8, "diagonal");
  const items = shapeTexItems(6, shapeTexSideFor(g, "inpaint"), 31);
  const here = await sweepImageSet(model, items, "inpaint", g);
  const pooled = await sweepImageSet(model, items, "inpaint", g, () => {}, pool.sweep);
  const {seconds: _a, ...hereNumbers} = here, {seconds: _b, ...pooledNumbers} = pooled;
  assert.equal(here.per_image.length, 6);
  assert.ok(here.per_image.some((p) => new Set(p.p_reference).size > 1), "the shifts change the probabilities");
  assert.deepEqual(pooledNumbers, hereNumbers);
});

test("a job that fails is reported with the worker's error; the pool goes on", {timeout: 600_000}, async () => {
  await assert.rejects(pool.render("no-such-layer", [0], {size: 32, steps: 1, seed: 0}), /shapetex worker \d: .*no-such-layer/s);
  const [a, b] = await Promise.all([0, 1].map((c) => pool.render(model.layers[0].name, [c], {size: 32, steps: 2, seed: c})));
  assert.equal(a.tiles[0].data.length, 32 * 32 * 4);
  assert.notDeepEqual(a.tiles[0].data, b.tiles[0].data, "two channels, two images");
});
