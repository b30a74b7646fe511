// The chapter's claim, on a fixed seed: anti-aliased subsampling (blur-pool, Zhang 2019) makes
// our ShapeTex network more shift-consistent than the same network with plain max-pooling.
import {test} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf} from "../data/node/tf.ts";
import {loadModel, modelsDir} from "../data/node/zoo.ts";
import {geometryFor, shapeTexItems, shapeTexSideFor, sweepImageSet, SHAPETEX_SHIFT_SEED} from "../data/precompute/shift-sweeps.ts";

function needModels(t: {skip: (m: string) => void}): boolean {
  const missing = ["shapetex", "shapetex-blurpool"].filter((id) => !fs.existsSync(path.join(modelsDir(), id, "model.json")));
  if (!missing.length) return true;
  if (process.env.CI === "true") assert.fail(`trained models missing: ${missing.join(", ")} (npm run train)`);
  t.skip(`trained models missing: ${missing.join(", ")}`);
  return false;
}

test("blur-pool is more consistent than max-pool under 1-px shifts of ShapeTex test images (seed 7001)", {timeout: 300_000}, async (t) => {
  if (!needModels(t)) return;
  await initTf();
  const results: Record<string, Record<string, {consistency: number; p_top1_change: number}>> = {};
  for (const id of ["shapetex", "shapetex-blurpool"]) {
    const model = await loadModel(id);
    results[id] = {};
    for (const protocol of ["black", "inpaint"] as const) {
      const g = geometryFor(model, 16, "diagonal");
      const items = shapeTexItems(48, shapeTexSideFor(g, protocol), SHAPETEX_SHIFT_SEED);
      const r = await sweepImageSet(model, items, protocol, g);
      assert.equal(r.reference, "true-label");
      assert.equal(r.metrics.images, 48);
      results[id][protocol] = r.metrics;
    }
    model.dispose();
  }
  t.diagnostic(JSON.stringify(results));
  for (const protocol of ["black", "inpaint"]) {
    const plain = results["shapetex"][protocol], blur = results["shapetex-blurpool"][protocol];
    assert.ok(blur.consistency > plain.consistency + 0.03, `${protocol}: consistency blur-pool ${blur.consistency.toFixed(3)} vs plain ${plain.consistency.toFixed(3)}`);
    assert.ok(blur.p_top1_change < plain.p_top1_change, `${protocol}: P(top-1 change) blur-pool ${blur.p_top1_change.toFixed(3)} vs plain ${plain.p_top1_change.toFixed(3)}`);
  }
});
