// Which network draws the best texture: each network's Gram distance as a judge, the ranks
// the judges give, and the sentence the Gram chapter prints from them.
import {test} from "node:test";
import assert from "node:assert/strict";
import {initTf} from "../data/node/tf.ts";
import {toyModel} from "./helpers/toy-model.ts";
import {gramDistance, judgedRanks} from "../components/gram/judge.ts";
import {shufflePatches} from "../components/gram/shuffle.ts";
import {bestJudgedText} from "../components/gram/comparison.ts";
import {renderCueConflict} from "../components/datasets/shapetex.ts";

const tf = await initTf();
const picture = (s: number, t: number, seed: number, side = 32) => tf.tensor4d(renderCueConflict(s, t, seed, {size: side}), [1, side, side, 3]);

test("gramDistance: 0 for the source itself, small for its shuffled patches, large for another texture", async () => {
  const model = toyModel();
  const layers = model.layers.filter((l) => l.shape.length === 3).map((l) => l.name);
  const source = picture(0, 1, 3), other = picture(0, 4, 3);
  const shuffled = shufflePatches(source, 8, 0);
  const before = tf.memory().numTensors;
  const self = await gramDistance(model, source, source, layers);
  const near = await gramDistance(model, shuffled, source, layers);
  const far = await gramDistance(model, other, source, layers);
  assert.equal(tf.memory().numTensors, before, "no tensor kept");
  assert.equal(self, 0);
  assert.ok(near > 0 && near < far, `shuffled ${near} should be closer than another texture ${far}`);
  await assert.rejects(gramDistance(model, source, source, []), /at least one layer/);
  tf.dispose([source, other, shuffled]);
  model.dispose();
});

test("judgedRanks: every judge ranks the others' textures, never its own", () => {
  // a: everyone's favourite; c: the worst; b judges itself best, which must not count
  const ranks = judgedRanks({
    a: {a: 0.0, b: 0.1, c: 0.2},
    b: {a: 0.3, b: 0.0, c: 0.3},
    c: {a: 0.5, b: 0.5, c: 0.0},
  });
  assert.deepEqual(ranks.map((r) => [r.maker, r.meanRank, r.judges, r.ranked]), [
    ["a", 1, 2, 2], // judged by b (a 0.1 < c 0.5 → 1) and c (a 0.2 < b 0.3 → 1)
    ["b", 1.5, 2, 2], // by a (b 0.3 < c 0.5 → 1), by c (b 0.3 > a 0.2 → 2)
    ["c", 2, 2, 2],
  ]);
  // ties share the better rank; a missing judgement is skipped
  const tied = judgedRanks({x: {z: 1}, y: {z: 1}, z: {}});
  assert.deepEqual(tied.map((r) => [r.maker, r.meanRank, r.judges]), [["x", 1, 1], ["y", 1, 1], ["z", NaN, 0]]);
});

test("bestJudgedText names the best-ranked texture and the runner-up, or nothing without judgements", () => {
  const entries = [
    {model: "a", name: "Net A", meanRank: 2.25, judges: 4},
    {model: "b", name: "Net B", meanRank: 1.4, judges: 5},
    {model: "c", name: "Net C", meanRank: 3, judges: 5},
  ];
  assert.equal(bestJudgedText(entries), "Net B's (mean rank 1.4 from 5 judges, each ranking 2 textures; next: Net A, 2.25)");
  assert.equal(bestJudgedText([{model: "a"}, {model: "b"}]), null);
});
