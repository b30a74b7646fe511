// The texture-vs-shape page's sentences about our own data, from the committed evaluations
// and reference runs (data/precomputed/texture-*.json), with the numbers worked by hand.
import {test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {agreeingRunText, categoryDecisions, decisionRange, measuredBiasText, runProtocol, runProtocolText, shapeBiasInterval, singleCueRange, singleCueText} from "../components/texture-bias/prose-facts.ts";

const read = (name: string) => JSON.parse(readFileSync(new URL(`../data/precomputed/${name}.json`, import.meta.url), "utf8"));
const ids = ["mobilenet-v1-0.25", "tiny-darknet", "mobilenet-v2-1.0", "mobilenet-v1-0.75-192", "mobilenet-v1-0.25-128"];
const evaluations = ids.map((id) => read(`texture-evaluation-${id}`));
const {runs} = read("texture-runs");

test("shape bias carries its decisions and a Wilson interval", () => {
  const v1 = evaluations[0]; // 6 shape, 31 texture, 36 other of 73
  assert.deepEqual([v1.shape, v1.texture, v1.other, v1.n], [6, 31, 36, 73]);
  const ci = shapeBiasInterval(v1);
  assert.equal(ci.n, 37);
  assert.ok(Math.abs(ci.low - 0.0765) < 1e-4 && Math.abs(ci.high - 0.3114) < 1e-4);
  assert.match(measuredBiasText(evaluations), /^MobileNet v1 0\.25 16% \(95% CI 8–31%, n = 37 shape-or-texture decisions\), 36 of 73 images named neither cue; Tiny Darknet 9% /);
  assert.equal(measuredBiasText([{...v1, missing: "no mirror"}]), "No ImageNet network was measured in this build.");
});

test("the measured dots rest on 29 to 44 decisions; the per-category dots on 0 to 4, some undefined", () => {
  assert.deepEqual(decisionRange(evaluations), {min: 29, max: 44, images: 73});
  const c = categoryDecisions(evaluations)!;
  assert.deepEqual([c.min, c.max, c.images[0], c.images[1], c.dots], [0, 4, 4, 5, 80]);
  assert.equal(c.undefinedDots, 2); // MobileNet v1 0.25 (128) on clock, Tiny Darknet on bicycle
});

test("edges and silhouettes: 20% to 42% right, 3.2 to 6.7 times chance", () => {
  const r = singleCueRange(evaluations)!;
  assert.deepEqual([r.low, r.high, r.n], [0.2, 0.4188, 160]);
  assert.equal(singleCueText(evaluations), "the networks measured here get 20% to 42% of them right (160 images each; 3.2 to 6.7 times chance)");
});

test("the reference runs: one seed, 400 steps, 120 cue-conflict images; the agreeing run is weak", () => {
  assert.deepEqual(runProtocol(runs), {runs: 6, seeds: [1], steps: [400], cueConflictImages: [120], accuracyImages: 240});
  assert.equal(runProtocolText(runs), "6 runs, each with one seed (1) and 400 training steps; shape bias on 120 cue-conflict images, accuracies on 240 held-out images each");
  const text = agreeingRunText(runs);
  assert.match(text, /shape bias of 35% \(95% CI 25–46%, n = 75 shape-or-texture decisions\), answers "other" on 45 of its 120 cue-conflict images, and gets only 63% of 240 fresh images/);
});

test("single-cue accuracies carry their Wilson interval", async () => {
  const {accuracyCell} = await import("../components/chapters/texture-vs-shape/charts.ts");
  // 39 of 160 right: Wilson 95% [18.4%, 31.6%]
  assert.equal(accuracyCell(0.2438, 160), "24.4% (95% CI 18–32%, n = 160)");
  assert.equal(accuracyCell(undefined, 160), "n/a");
  assert.equal(accuracyCell(0.5, undefined), "50.0%");
});
