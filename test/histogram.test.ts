import {test} from "node:test";
import assert from "node:assert/strict";
import {histogram} from "../components/stats/histogram.ts";

test("histogram counts every value once and summarises a known input", () => {
  const values = [0, 0, 0, 1, 2, 3, 4, 4, 10];
  const h = histogram(values, 5);
  assert.equal(h.bins.length, 5);
  assert.deepEqual(h.bins.map((b) => b.count), [4, 2, 2, 0, 1]); // bins of width 2 over [0, 10]; 10 sits on the top edge
  assert.equal(h.bins.reduce((s, b) => s + b.count, 0), values.length);
  assert.equal(h.fractionZero, 3 / 9);
  assert.equal(h.max, 10);
  assert.ok(Math.abs(h.mean - 24 / 9) < 1e-12);
});

test("a fixed domain drops values outside it", () => {
  const h = histogram([-1, 0.5, 1.5, 5], 2, [0, 2]);
  assert.deepEqual(h.bins.map((b) => b.count), [1, 1]);
});
