// The shape-bias metric, checked against the paper: recomputed from Geirhos et al.'s raw
// per-trial data it must give the figures they publish (ICLR 2019, Figure 4 and Section 3:
// VGG-16 17.2%, GoogLeNet 31.2%, AlexNet 42.9%, humans 95.9%).
import {test} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {shapeBias, perCategory, decisionKind} from "../components/texture-bias/shape-bias.ts";
import {parseRawCsv, isHuman} from "../components/texture-bias/raw-data.ts";
import {parseStimulusName} from "../components/texture-bias/stimulus-name.ts";
import {CATEGORIES, CATEGORY_INDICES, categoryDecision, categoryOutputs, categoryProbabilities} from "../components/texture-bias/categories.ts";
import {assetGroup} from "../data/assets/manifest.ts";
import {assetAvailable, readAssetText} from "../data/assets/resolve.ts";

process.env.ASSET_MIRROR ??= path.resolve("../shared/assets");

async function rawData(t: {skip: (m: string) => void}, who: string): Promise<string | null> {
  const file = assetGroup("geirhos-raw-data").files.find((f) => f.name.includes(`_${who}_session`));
  assert.ok(file, `no raw-data file for ${who}`);
  const a = await assetAvailable(`geirhos-raw-data/${file.name}`);
  if (!a.available) {
    if (process.env.CI === "true") assert.fail(a.reason);
    t.skip(a.reason);
    return null;
  }
  return readAssetText(`geirhos-raw-data/${file.name}`);
}

test("shape bias = shape / (shape + texture) on cue-conflict trials only", () => {
  const trials = [
    {shape: "cat", texture: "elephant", response: "cat"},
    {shape: "cat", texture: "elephant", response: "elephant"},
    {shape: "cat", texture: "elephant", response: "elephant"},
    {shape: "cat", texture: "elephant", response: "clock"}, // other: not in the ratio
    {shape: "cat", texture: "cat", response: "cat"}, // cues agree: dropped
  ];
  const b = shapeBias(trials);
  assert.deepEqual({shape: b.shape, texture: b.texture, other: b.other, n: b.n, excluded: b.excluded}, {shape: 1, texture: 2, other: 1, n: 4, excluded: 1});
  assert.equal(b.shapeBias, 1 / 3);
  assert.equal(decisionKind(trials[3]), "other");
  assert.ok(Number.isNaN(shapeBias([]).shapeBias));
});

test("stimulus names give shape and texture; odd names give null", () => {
  assert.deepEqual(parseStimulusName("cat7-elephant1.png"), {shape: "cat", texture: "elephant", shapeImage: "cat7", textureImage: "elephant1"});
  assert.deepEqual(parseStimulusName("0004_s5n_dnn_0_airplane_00_airplane1-elephant1.png")?.texture, "elephant");
  assert.equal(parseStimulusName("cat7.png"), null);
  assert.equal(parseStimulusName("notes.txt"), null);
});

test("16-category decision: the mean probability over each category's ImageNet classes", () => {
  assert.equal(CATEGORIES.length, 16);
  const p = new Float32Array(1000);
  // one bird class at 0.3 still loses to the lone airplane class at 0.05: bird's mean is over its 49 classes
  p[8] = 0.3;
  p[404] = 0.05;
  assert.equal(categoryDecision(p), "airplane");
  const probs = categoryProbabilities(p);
  assert.ok(Math.abs(probs[CATEGORIES.indexOf("bird")] - 0.3 / CATEGORY_INDICES.bird.length) < 1e-9);
  // a model whose outputs swap the airplane (404) and tabby-cat (281) classes, like Tiny
  // Darknet's own class order: read without the remap, its "airplane" would count as "cat"
  const standardIndexOf = Array.from({length: 1000}, (_, i) => (i === 404 ? 281 : i === 281 ? 404 : i));
  const own = new Float32Array(1000);
  own[281] = 0.9; // the model's output 281 is the standard class 404, airplane
  assert.equal(categoryDecision(own, categoryOutputs(standardIndexOf)), "airplane");
  assert.equal(categoryDecision(own), "cat");
});

test("the committed category table equals the shared reference", (t) => {
  const ref = path.resolve("../shared/reference/geirhos-16-categories.json");
  if (!fs.existsSync(ref)) {
    t.skip(`${ref} not here`);
    return;
  }
  const {categories} = JSON.parse(fs.readFileSync(ref, "utf8"));
  assert.deepEqual(CATEGORY_INDICES, categories);
});

for (const [who, published] of [["vgg", 0.172], ["alexnet", 0.429], ["googlenet", 0.312]] as const) {
  test(`raw data: ${who} shape bias is the published ${(100 * published).toFixed(1)}%`, async (t) => {
    const text = await rawData(t, who);
    if (!text) return;
    const trials = parseRawCsv(text);
    assert.equal(trials.length, 1280);
    const b = shapeBias(trials);
    assert.equal(b.excluded, 80, "the 80 images whose shape and texture agree are dropped");
    assert.equal(b.n, 1200);
    assert.equal(Math.round(1000 * b.shapeBias) / 1000, published);
  });
}

test("raw data: ten human subjects pooled give the published 95.9%", async (t) => {
  const trials = [];
  for (let s = 1; s <= 10; s++) {
    const text = await rawData(t, `subject-${String(s).padStart(2, "0")}`);
    if (!text) return;
    trials.push(...parseRawCsv(text));
  }
  assert.ok(trials.every((x) => isHuman(x.subject)));
  const b = shapeBias(trials);
  assert.equal(b.n, 12000);
  assert.equal(Math.round(1000 * b.shapeBias) / 1000, 0.959);
  // per category (Figure 4): every category leans to shape for humans
  const cats = perCategory(trials, CATEGORIES);
  assert.equal(cats.length, 16);
  for (const c of cats) assert.ok(c.shapeBias > 0.8 && c.n === 750, `${c.category}: ${c.shapeBias} over ${c.n}`);
  const sum = cats.reduce((s, c) => s + c.shape * c.n, 0);
  assert.equal(Math.round(sum), b.shape);
});
