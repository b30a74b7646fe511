// A site build never runs the papers' networks' hour-long precomputes: without a committed file
// their loaders print a "not precomputed" record; the small networks keep computing.
import {test} from "node:test";
import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {notPrecomputed, precomputeOnly} from "../data/precompute/paper-nets.ts";
import {committedPath} from "../data/precompute/committed.ts";

test("googlenet and resnet-50 are precompute-only; a missing committed file gives a record, never a computation", () => {
  assert.equal(precomputeOnly("googlenet"), true);
  assert.equal(precomputeOnly("resnet-50"), true);
  assert.equal(precomputeOnly("mobilenet-v1-0.25"), false);
  assert.equal(notPrecomputed("renders", "mobilenet-v1-0.25", {layers: []}), null);
  const kind = "no-such-kind";
  assert.ok(!existsSync(committedPath(kind, "googlenet")));
  assert.deepEqual(notPrecomputed(kind, "googlenet", {layers: []}), {model: "googlenet", missing: "GoogLeNet: not precomputed in this checkout (npm run precompute)", layers: []});
  assert.throws(() => notPrecomputed(kind, "resnet-152", {}), /unknown model "resnet-152"/);
});
