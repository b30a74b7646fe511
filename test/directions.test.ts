// Semantic directions (Szegedy et al. 2013, Section 3) on the real networks: the top images of a
// unit and of a random direction of a high layer share their labels more often than k images
// drawn at random; the random direction is seeded; no tensor outlives a computation; `lab directions`.
import {test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {initTf, tf} from "../data/node/tf.ts";
import {loadModel} from "../data/node/zoo.ts";
import {requireMirror, MIRROR} from "./helpers/mirror.ts";
import {defaultDirectionLayer, directions, layerFeatures, randomDirection, shapetexLabelledSet, topImages, unitDirection} from "../components/backward/directions.ts";
import {chanceCoherence, coherenceSummary, labelCoherence} from "../components/backward/coherence.ts";

await initTf();

test("coherence: the top label's share, and chance for a set with known proportions", () => {
  assert.deepEqual(labelCoherence([0, 1, 2, 3], ["a", "b", "b", "c"]), {label: "b", count: 2, n: 4, share: 0.5});
  // every image of one label: any draw is fully coherent
  assert.equal(chanceCoherence(["x", "x", "x", "x"], 3), 1);
  // two labels, two images each, draws of 2: P(same label) = 1/3, so E[share] = 1/3 · 1 + 2/3 · 1/2 = 2/3
  assert.ok(Math.abs(chanceCoherence(["a", "a", "b", "b"], 2, {draws: 20000}) - 2 / 3) < 0.02);
});

test("directions: unit and random scores are dot products of the spatially averaged features", () => {
  const features = {layer: "l", dim: 3, rows: [Float32Array.of(1, 0, 0), Float32Array.of(0, 2, 0), Float32Array.of(3, 1, 0)]};
  assert.deepEqual(topImages(features, unitDirection(3, 0), 2), [{image: 2, score: 3}, {image: 0, score: 1}]);
  const v = randomDirection(3, 7);
  assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-6, "unit length");
  assert.deepEqual(randomDirection(3, 7), v, "same seed, same direction");
  assert.notDeepEqual(randomDirection(3, 8), v, "another seed, another direction");
  assert.throws(() => unitDirection(3, 3), /unit must be 0..2/);
});

for (const id of ["shapetex", "shapetex-blurpool"]) {
  test(`${id}: top images of units and of random directions at the layer below the logits are more label-coherent than chance`, async () => {
    const model = await loadModel(id);
    const {images, labels} = shapetexLabelledSet(model.inputSize);
    try {
      const layer = defaultDirectionLayer(model);
      assert.equal(layer, "gap");
      const before = tf.memory().numTensors;
      const features = await layerFeatures(model, images, layer, {batch: 16});
      assert.equal(tf.memory().numTensors, before, "no tensor left by the feature pass");
      assert.equal(features.rows.length, 96);
      assert.equal(features.dim, 64);
      const s = coherenceSummary(features, labels, {k: 9, randomDirections: 32});
      // 6 balanced shapes: chance is about 0.34; the measured means are well above it
      assert.ok(s.chance > 0.3 && s.chance < 0.4, `chance ${s.chance}`);
      assert.ok(s.units.mean > s.chance + 0.1, `units ${s.units.mean} (n = ${s.units.n}) vs chance ${s.chance}`);
      assert.ok(s.random.mean > s.chance + 0.1, `random directions ${s.random.mean} (n = ${s.random.n}) vs chance ${s.chance}`);
      // seeded: the same seed gives the same ranking, another seed another one
      const a = directions(features, {unit: 5, seed: 3}), b = directions(features, {unit: 5, seed: 3}), c = directions(features, {unit: 5, seed: 4});
      assert.deepEqual(a, b);
      assert.notDeepEqual(a.randomTop.map((q) => q.image), c.randomTop.map((q) => q.image));
      // a batch of 16 and one image at a time give the same features
      const one = await layerFeatures(model, images.slice(0, 5), layer, {batch: 1});
      one.rows.forEach((r, i) => r.forEach((q, j) => assert.ok(Math.abs(q - features.rows[i][j]) < 1e-4)));
    } finally {
      tf.dispose(images);
      model.dispose();
    }
  });
}

function lab(args: string[]) {
  const r = spawnSync("npm", ["run", "--silent", "lab", "--", "directions", ...args, "--json"], {env: {...process.env, ASSET_MIRROR: MIRROR}, encoding: "utf8", timeout: 600_000});
  return {code: r.status, stderr: r.stderr, json: r.status === 0 ? JSON.parse(r.stdout) : null};
}

test("lab directions on shapetex: the figure's numbers, seeded", () => {
  const r = lab(["--model", "shapetex", "--layer", "gap", "--unit", "3", "--seed", "2"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.images, 96);
  assert.equal(r.json.unitTop.length, 9);
  assert.equal(r.json.randomTop.length, 9);
  assert.ok(r.json.unitTop[0].score >= r.json.unitTop[8].score);
  assert.equal(r.json.coherence.unit.n, 9);
  const again = lab(["--model", "shapetex", "--layer", "gap", "--unit", "3", "--seed", "2"]);
  assert.deepEqual(again.json.randomTop, r.json.randomTop);
  const bad = lab(["--model", "shapetex", "--layer", "gap", "--unit", "64"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /units 0..63/);
});

test("mirror: MobileNet v1 0.25's pooled features on Geirhos's 160 silhouettes (16 categories) are coherent beyond chance", (t) => {
  if (!requireMirror(t, "rgeirhos")) return;
  const r = lab(["--model", "mobilenet-v1-0.25", "--layer", "global_average_pooling2d_1", "--set", "geirhos-silhouettes", "--n", "160", "--summary"]);
  assert.equal(r.code, 0, r.stderr);
  const s = r.json.summary;
  assert.equal(s.images, 160);
  assert.equal(s.units.n, 256);
  assert.ok(s.chance > 0.15 && s.chance < 0.3, `chance ${s.chance}`);
  assert.ok(s.units.mean > s.chance + 0.1, `units ${s.units.mean} vs chance ${s.chance}`);
  assert.ok(s.random.mean > s.chance + 0.1, `random ${s.random.mean} vs chance ${s.chance}`);
});
