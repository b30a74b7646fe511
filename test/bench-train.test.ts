// The training bench's settings: the timed batches come from BENCH_TRAIN_BATCHES, and a value
// under the 20 batches is refused before any work starts.
import {test} from "node:test";
import assert from "node:assert/strict";
import {benchTrainSection} from "../data/bench/train.ts";

test("BENCH_TRAIN_BATCHES under 20 or not an integer is refused", async () => {
  await assert.rejects(benchTrainSection({BENCH_TRAIN_BATCHES: "5"}), /at least 20, got 5/);
  await assert.rejects(benchTrainSection({BENCH_TRAIN_BATCHES: "twenty"}), /got twenty/);
});
