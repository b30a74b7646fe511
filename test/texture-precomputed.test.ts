// The chapter's committed outputs are what the code computes: one model's evaluation over the
// mirror's stimuli and one reference training run are recomputed and compared with
// data/precomputed/texture-*.json.
import {test} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf} from "../data/node/tf.ts";
import {committedPath} from "../data/precompute/committed.ts";
import {modelEvaluation} from "../data/precompute/texture-loaders.ts";
import {committedRuns, referenceRun, REFERENCE_RUNS} from "../data/precompute/texture-runs.ts";
import {assetAvailable} from "../data/assets/resolve.ts";

process.env.ASSET_MIRROR ??= path.resolve("../shared/assets");

interface Evaluation {key: string; shapeBias: number; shape: number; texture: number; decisions: Array<{id: string; decision: string}>; edges: {accuracy: number}}

test("committed evaluation of MobileNet v1 0.25 matches a fresh one", {timeout: 300_000}, async (t) => {
  const a = await assetAvailable("geirhos-cue-conflict/cat/cat1-bird1.png");
  if (!a.available) {
    if (process.env.CI === "true") assert.fail(a.reason);
    t.skip(a.reason);
    return;
  }
  const file = committedPath("texture-evaluation", "mobilenet-v1-0.25");
  assert.ok(fs.existsSync(file), `${file} is not committed`);
  const committed = JSON.parse(fs.readFileSync(file, "utf8")) as Evaluation;
  const served = (await modelEvaluation("mobilenet-v1-0.25")) as Evaluation;
  assert.equal(served.key, committed.key, "the loader serves the committed file while its key matches");
  const fresh = (await modelEvaluation("mobilenet-v1-0.25", {recompute: true, store: false})) as Evaluation;
  assert.equal(fresh.key, committed.key);
  assert.deepEqual(fresh.decisions, committed.decisions);
  assert.equal(fresh.shapeBias, committed.shapeBias);
  assert.equal(fresh.edges.accuracy, committed.edges.accuracy);
});

test("committed reference runs are current and the first one recomputes exactly", {timeout: 600_000}, async () => {
  const tf = await initTf();
  const runs = committedRuns(tf.version.tfjs);
  assert.ok(!("missing" in runs), "missing" in runs ? runs.missing : "");
  if ("missing" in runs) return;
  assert.equal(runs.runs.length, REFERENCE_RUNS.length);
  const byName = new Map(runs.runs.map((r) => [r.name, r]));
  // the chapter's claim: texture-randomized training raises shape bias over texture-agreeing data
  const agree = byName.get("texture always agrees")!, stylized = byName.get("texture-randomized (\u201cstylized\u201d)")!;
  assert.ok(stylized.bias.shapeBias > agree.bias.shapeBias + 0.2, `${agree.bias.shapeBias} -> ${stylized.bias.shapeBias}`);
  const fresh = await referenceRun(0);
  assert.equal(fresh.name, runs.runs[0].name);
  assert.deepEqual(JSON.parse(JSON.stringify(fresh.bias)), runs.runs[0].bias); // NaN is null in the committed JSON
  assert.equal(fresh.shapeAccuracy, runs.runs[0].shapeAccuracy);
});
