import {test} from "node:test";
import assert from "node:assert/strict";
import {sparsity, sparsityClause} from "../components/featvis/sparsity.ts";

const set = (fractions: number[]) => ({model: "m", images: ["a", "b", "c"], layers: fractions.map((f, i) => ({layer: `l${i + 1}`, fractionZero: f}))});

test("sparsity finds the sparsest and densest layer and counts rises with depth", () => {
  const s = sparsity(set([0.49, 0.53, 0.36, 0.75, 0.72, 0.81]), "Net");
  assert.equal(s.images, 3);
  assert.deepEqual(s.sparsest, {layer: "l6", fractionZero: 0.81});
  assert.deepEqual(s.densest, {layer: "l3", fractionZero: 0.36});
  assert.equal(s.rises, 3); // .49→.53, .36→.75, .72→.81
  assert.equal(sparsityClause(s), "Net (3 images, 6 layers): from 36% (l3) to 81% (l6) of the values exactly zero, rising from one layer to the next 3 times in 5");
});

test("a network without exact zeros (leaky ReLU) and one without histograms say so", () => {
  assert.equal(sparsityClause(sparsity(set([0, 0, 0]), "Leaky")), "Leaky (3 images, 3 layers): no value exactly zero in any layer");
  assert.equal(sparsityClause(sparsity({model: "x", images: [], layers: []})), "x (0 images, 0 layers): no histograms");
});
