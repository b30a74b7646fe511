// What the shift lab and the heatmap report: the readout of a sweep at one shift, one heatmap
// row in four numbers, and the heatmap picker's "<model>.<protocol>" value.
import {test} from "node:test";
import assert from "node:assert/strict";
import {heatmapChoice, parseHeatmapChoice, summarizeHeatmapRow, sweepReadout} from "../components/shift/readout.ts";

// three classes, five shifts: class 0 wins, then class 2 at shifts 2 and 3, then class 0 again
const sweep = [[0.7, 0.2, 0.1], [0.6, 0.1, 0.3], [0.3, 0.1, 0.6], [0.2, 0.3, 0.5], [0.5, 0.4, 0.1]];

test("the readout at a shift: its top-1, that class's probability, the reference's, and every change along the sweep", () => {
  assert.deepEqual(sweepReadout(sweep, 0, 0), {top1: 0, probability: 0.7, pReference: 0.7, changes: [2, 4]});
  assert.deepEqual(sweepReadout(sweep, 0, 3), {top1: 2, probability: 0.5, pReference: 0.2, changes: [2, 4]});
  assert.throws(() => sweepReadout(sweep, 0, 5), /outside the sweep \(0–4\)/);
});

test("a sweep whose top-1 never moves has no changes", () => {
  assert.deepEqual(sweepReadout([[0.9, 0.1], [0.8, 0.2]], 0, 1).changes, []);
});

test("a heatmap row: changes, mean and lowest probability of the reference class", () => {
  const s = summarizeHeatmapRow({image: "img-1", reference_label: "star", p_reference: [0.9, 0.4, 0.8], changes: [1, 2]});
  assert.deepEqual({...s, meanReference: Number(s.meanReference.toFixed(12))}, {image: "img-1", reference: "star", changes: 2, meanReference: 0.7, minReference: 0.4});
});

test("the heatmap choice splits at the last dot: model ids have dots, protocols do not", () => {
  assert.equal(heatmapChoice("mobilenet-v1-0.25", "crop"), "mobilenet-v1-0.25.crop");
  assert.deepEqual(parseHeatmapChoice("mobilenet-v1-0.25.crop"), {model: "mobilenet-v1-0.25", protocol: "crop"});
  assert.deepEqual(parseHeatmapChoice("shapetex.black"), {model: "shapetex", protocol: "black"});
  for (const bad of ["shapetex", "shapetex.", ".black", ""]) assert.equal(parseHeatmapChoice(bad), null, bad);
});
