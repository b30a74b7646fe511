// The committed shift sweeps (data/precomputed/shifts-<id>.json) match the current models and
// settings, and recomputing one reproduces it exactly (wasm is deterministic).
import {test} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import {committedPath} from "../data/precompute/committed.ts";
import {shiftSweepsJson} from "../data/precompute/shift-loaders.ts";
import {listModels} from "../data/node/zoo.ts";

test("committed shift sweeps are current for every available model, and shapetex recomputes to the same numbers", {timeout: 300_000}, async (t) => {
  const available = (await listModels()).filter((m) => m.available);
  if (!available.some((m) => m.id === "shapetex")) {
    if (process.env.CI === "true") assert.fail("the shapetex model is missing");
    return t.skip("shapetex model not trained here");
  }
  for (const m of available.filter((m) => ["shapetex", "shapetex-blurpool", "mobilenet-v1-0.25", "tiny-darknet"].includes(m.id))) {
    const file = committedPath("shifts", m.id);
    assert.ok(fs.existsSync(file), `${file} missing: run npx tsx data/precompute/shift-run.ts ${m.id}`);
    const served = JSON.parse(await shiftSweepsJson(m.id));
    const committed = JSON.parse(fs.readFileSync(file, "utf8"));
    assert.equal(served.key, committed.key, `${m.id}: the committed sweeps are stale (model or settings changed); run npx tsx data/precompute/shift-run.ts ${m.id}`);
  }
  const fresh = JSON.parse(await shiftSweepsJson("shapetex", {fresh: true}));
  const committed = JSON.parse(fs.readFileSync(committedPath("shifts", "shapetex"), "utf8"));
  for (const p of ["black", "inpaint", "crop"]) {
    for (const k of ["p_top1_change", "mean_abs_change", "jagged_fraction", "consistency"]) {
      assert.ok(Math.abs(fresh.protocols[p].metrics[k] - committed.protocols[p].metrics[k]) < 1e-6, `${p} ${k}: ${fresh.protocols[p].metrics[k]} vs ${committed.protocols[p].metrics[k]}`);
    }
    assert.deepEqual(fresh.protocols[p].per_image.map((d: {top1: number[]}) => d.top1), committed.protocols[p].per_image.map((d: {top1: number[]}) => d.top1));
  }
});
