// The 1-D demo's summary, the numbers its result message carries: the global sum at the
// current shift and whether it is the same at every shift (Azulay & Weiss 2019, Sec. 3).
import {test} from "node:test";
import assert from "node:assert/strict";
import {makeSignal} from "../components/sampling/signal.ts";
import {globalSumByShift, stridedLayer} from "../components/sampling/subsample.ts";
import {INVARIANCE_TOLERANCE, samplingSummary} from "../components/sampling/summary.ts";

test("the square pulse with a plain stride of 2 is not invariant; its sum swings between 3 and 4", () => {
  const x = makeSignal("edges", 48);
  const s = samplingSummary(x, 1, {s: 2});
  assert.equal(s.invariant, false);
  assert.equal(s.lo, 3);
  assert.equal(s.hi, 4);
  assert.equal(s.globalSum, stridedLayer(x, 1, {s: 2}).globalSum);
  assert.ok(Math.abs(s.variation - (s.hi - s.lo) / s.mean) < 1e-12);
});

test("the box filter of length s makes the sum the same at every shift, for any signal and s", () => {
  for (const kind of ["edges", "high", "noise"] as const) {
    for (const s of [2, 3, 4]) {
      const r = samplingSummary(makeSignal(kind, 48), 5, {s, lowPass: "box", relu: true});
      assert.ok(r.invariant, `${kind}, s = ${s}: variation ${r.variation}`);
      assert.ok(r.variation < INVARIANCE_TOLERANCE);
    }
  }
});

test("the summary's sums are the global sums at every shift", () => {
  const x = makeSignal("noise", 48, 2);
  const opts = {s: 3, lowPass: "binomial" as const};
  assert.deepEqual(Array.from(samplingSummary(x, 0, opts).sums), Array.from(globalSumByShift(x, opts)));
});
