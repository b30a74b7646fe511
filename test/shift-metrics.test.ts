// The shift metrics on sweeps small enough to count by hand.
import {test} from "node:test";
import assert from "node:assert/strict";
import {argmax, consistency, flipsOfTopK, inTopK, jaggedFraction, jaggedK, meanAbsChange, pTop1Change, shiftMetrics, unshiftedTop1, type Sweep} from "../components/shift/metrics.ts";

const sweep = (...ps: number[][]): Sweep => ({probabilities: ps});

// top-1 sequence a: 0 0 1 1 (one change in 3 steps); b: 2 2 2 2 (none)
const a = sweep([0.6, 0.3, 0.1], [0.5, 0.4, 0.1], [0.3, 0.6, 0.1], [0.2, 0.7, 0.1]);
const b = sweep([0.1, 0.1, 0.8], [0.1, 0.2, 0.7], [0.2, 0.1, 0.7], [0.1, 0.1, 0.8]);

test("argmax and top-k membership", () => {
  assert.equal(argmax([0.1, 0.5, 0.5]), 1);
  assert.ok(inTopK([0.1, 0.5, 0.4], 2, 2));
  assert.ok(!inTopK([0.1, 0.5, 0.4], 0, 2));
});

test("P(top-1 change) counts changes over all neighbouring pairs", () => {
  assert.equal(pTop1Change([a]), 1 / 3);
  assert.equal(pTop1Change([a, b]), 1 / 6);
  assert.equal(pTop1Change([b]), 0);
});

test("mean absolute change follows the top-1 class of the first shift of each pair", () => {
  // a: class 0: |0.5-0.6|, class 0: |0.3-0.5|, class 1: |0.7-0.6| -> (0.1+0.2+0.1)/3
  assert.ok(Math.abs(meanAbsChange([a]) - 0.4 / 3) < 1e-12);
  // b: class 2 throughout: 0.1, 0, 0.1
  assert.ok(Math.abs(meanAbsChange([b]) - 0.2 / 3) < 1e-12);
});

test("jaggedness: share of images whose top-k correctness flips at least once", () => {
  assert.equal(flipsOfTopK(a, 0, 1), 1);
  assert.equal(flipsOfTopK(b, 2, 1), 0);
  assert.equal(jaggedFraction([a, b], [0, 2], 1), 0.5);
  assert.equal(jaggedFraction([a, b], [0, 2], 2), 0, "class 0 stays in a's top-2 at every shift");
  assert.throws(() => jaggedFraction([a], [0, 1]), /reference/);
});

test("consistency: the exact chance that two distinct shifts agree on the top-1", () => {
  // a: classes 0 0 1 1 -> agreeing pairs (0,1) and (2,3) of 6 pairs
  assert.equal(consistency([a]), 2 / 6);
  assert.equal(consistency([b]), 1);
  assert.equal(consistency([a, b]), (2 + 6) / 12);
});

test("all metrics at once, with the paper's top-5 capped for few classes", () => {
  const m = shiftMetrics([a, b], [unshiftedTop1(a), unshiftedTop1(b)], 1);
  assert.deepEqual(Object.keys(m).sort(), ["consistency", "images", "jagged_fraction", "jagged_k", "mean_abs_change", "p_top1_change"]);
  assert.equal(m.images, 2);
  assert.equal(m.jagged_fraction, 0.5);
  assert.equal(jaggedK(1000), 5);
  assert.equal(jaggedK(6), 2);
});
