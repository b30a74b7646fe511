import {test} from "node:test";
import assert from "node:assert/strict";
import {wilsonInterval, formatProportion} from "../components/stats/wilson.ts";

// Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
// methods", Statistics in Medicine 1998, Table II, method 3 (Wilson score, no continuity correction).
const NEWCOMBE: Array<[number, number, number, number]> = [
  [81, 263, 0.2553, 0.3662],
  [15, 148, 0.0624, 0.1605],
  [0, 20, 0, 0.1611],
  [1, 29, 0.0061, 0.1718],
];

test("wilsonInterval reproduces Newcombe's published 95% intervals to 4 decimals", () => {
  for (const [k, n, low, high] of NEWCOMBE) {
    const ci = wilsonInterval(k, n);
    assert.equal(ci.p, k / n);
    assert.equal(+ci.low.toFixed(4), low, `${k}/${n} low`);
    assert.equal(+ci.high.toFixed(4), high, `${k}/${n} high`);
  }
});

test("the interval is symmetric under k ↔ n − k and pinned at 0 and 1 at the ends", () => {
  const a = wilsonInterval(3, 11), b = wilsonInterval(8, 11);
  assert.ok(Math.abs(a.low - (1 - b.high)) < 1e-12 && Math.abs(a.high - (1 - b.low)) < 1e-12);
  assert.equal(wilsonInterval(10, 10).high, 1);
  assert.equal(wilsonInterval(0, 10).low, 0);
  assert.ok(wilsonInterval(10, 10).low > 0.7 && wilsonInterval(10, 10).low < 0.73); // 0.7225
});

test("narrower with more trials, wider with a larger z", () => {
  const width = (k: number, n: number, z?: number) => {
    const c = wilsonInterval(k, n, z);
    return c.high - c.low;
  };
  assert.ok(width(20, 40) < width(5, 10));
  assert.ok(width(5, 10, 2.576) > width(5, 10));
});

test("n = 0 says nothing; bad counts are refused", () => {
  const none = wilsonInterval(0, 0);
  assert.ok(Number.isNaN(none.p));
  assert.deepEqual([none.low, none.high], [0, 1]);
  assert.equal(formatProportion(none), "undefined (n = 0)");
  assert.throws(() => wilsonInterval(5, 3), RangeError);
  assert.throws(() => wilsonInterval(-1, 3), RangeError);
  assert.throws(() => wilsonInterval(1.5, 3), RangeError);
});

test("formatProportion prints estimate, interval and n", () => {
  assert.equal(formatProportion(wilsonInterval(81, 263)), "31% (95% CI 26–37%, n = 263)");
  assert.equal(formatProportion(wilsonInterval(81, 263), 1), "30.8% (95% CI 25.5–36.6%, n = 263)");
  assert.equal(formatProportion(wilsonInterval(6, 37), 0, "decisions"), "16% (95% CI 8–31%, n = 37 decisions)");
  assert.equal(formatProportion(wilsonInterval(0, 0), 0, "decisions"), "undefined (n = 0 decisions)");
});
