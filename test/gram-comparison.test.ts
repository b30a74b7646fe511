import {test} from "node:test";
import assert from "node:assert/strict";
import {costRelative, costRelativeText} from "../components/gram/comparison.ts";

const entries = [
  {model: "mobilenet-v1-0.25", stepsPerSecond: 14.6},
  {model: "shapetex", stepsPerSecond: 19.85},
  {model: "tiny-darknet", stepsPerSecond: 6.283},
  {model: "mobilenet-v2-1.0", stepsPerSecond: 7.167},
];

test("cost per step relative to a base network, from steps per second", () => {
  const r = costRelative(entries, "mobilenet-v1-0.25", ["mobilenet-v2-1.0", "tiny-darknet"]);
  assert.deepEqual(r.map((x) => x.model), ["mobilenet-v2-1.0", "tiny-darknet"]);
  assert.ok(Math.abs(r[0].ratio - 14.6 / 7.167) < 1e-12);
  assert.equal(costRelativeText(entries, "mobilenet-v1-0.25", ["mobilenet-v2-1.0", "tiny-darknet"], "MobileNet v1 0.25"), "2.0–2.3× as much as MobileNet v1 0.25 (14.6 vs 7.17 and 6.28 steps per second in the comparison above)");
});

test("missing networks are left out; no base means no number", () => {
  assert.equal(costRelativeText(entries, "mobilenet-v1-0.25", ["tiny-darknet", "vgg19"]), "2.3× as much as mobilenet-v1-0.25 (14.6 vs 6.28 steps per second in the comparison above)");
  assert.equal(costRelativeText(entries, "nope", ["tiny-darknet"], "X"), "several times as much as X");
  assert.deepEqual(costRelative([{model: "a", stepsPerSecond: 0}], "a", ["a"]), []);
});
