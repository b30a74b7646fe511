// The committed Gram gallery (data/precomputed/gram-gallery-<model>.json) is what the code
// makes today: its key matches the current networks and settings, and recomputing one of its
// figures (the style transfer) gives the same losses.
import {test} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf} from "../data/node/tf.ts";
import {loadModel} from "../data/node/zoo.ts";
import {readAsset} from "../data/assets/resolve.ts";
import {decodeImage} from "../data/node/image-io.ts";
import {committedPath} from "../data/precompute/committed.ts";
import {COMPARED, GALLERY_SETTINGS, gramGalleryJson} from "../data/precompute/gram-gallery.ts";
import {DEFAULT_GRAM_MODEL, gramLayers} from "../components/gram/defaults.ts";
import {styleTransfer} from "../components/gram/experiments.ts";
import {toModelInput} from "../components/image/prepare.ts";

process.env.ASSET_MIRROR ??= path.resolve("../shared/assets");
const mirror = process.env.ASSET_MIRROR;

test("the committed Gram gallery matches the current networks, and its style transfer recomputes", {timeout: 600_000}, async (t) => {
  if (!fs.existsSync(path.join(mirror, "mit-cml"))) {
    if (process.env.CI === "true") assert.fail(`asset mirror missing at ${mirror}`);
    t.skip(`asset mirror not found at ${mirror}`);
    return;
  }
  const file = committedPath("gram-gallery", DEFAULT_GRAM_MODEL);
  assert.ok(fs.existsSync(file), `${file} is missing: run npx tsx data/precompute/gram-gallery.ts`);
  const committed = JSON.parse(fs.readFileSync(file, "utf8"));
  const served = JSON.parse(await gramGalleryJson());
  assert.equal(served.missing, undefined, `the loader does not serve the committed gallery: ${served.missing}`);
  assert.equal(served.key, committed.key);
  for (const d of [...committed.textures, ...committed.layerSeries, ...committed.inversions, committed.style, committed.cueConflict, ...committed.comparison]) {
    assert.ok(d.lastLoss < d.firstLoss, `every committed run lowered its loss (${d.firstLoss} -> ${d.lastLoss})`);
  }
  // "which features": every compared network drew the brick and judged every texture, the papers' networks included
  const compared = committed.comparison.map((d: {model: string}) => d.model);
  assert.deepEqual(compared, [DEFAULT_GRAM_MODEL, ...COMPARED]);
  for (const d of committed.comparison) {
    assert.deepEqual(Object.keys(d.judgedBy).sort(), [...compared].sort(), `${d.model} judged by every network`);
    assert.equal(d.judgedBy[d.model] < Math.min(...compared.filter((m: string) => m !== d.model).map((m: string) => committed.comparison.find((e: {model: string}) => e.model === m).judgedBy[d.model])), true, `${d.model} finds its own texture closest to the brick`);
    assert.ok(d.meanRank >= 1 && d.meanRank <= compared.length - 1 && d.judges === compared.length - 1, `${d.model}: mean rank ${d.meanRank} from ${d.judges} judges`);
  }
  const tf = await initTf();
  const model = await loadModel(DEFAULT_GRAM_MODEL);
  const S = GALLERY_SETTINGS.style;
  const load = async (id: string) => {
    const img = decodeImage(new Uint8Array(await readAsset(id)), id);
    return toModelInput(img.data, img.width, img.height, [S.size, S.size]);
  };
  const content = await load(S.content), style = await load(S.style);
  const L = gramLayers(model);
  const r = await styleTransfer(model, content, style, {contentLayer: L.content, styleLayers: L.style, steps: S.steps, seed: GALLERY_SETTINGS.seed, yieldEvery: 1000});
  tf.dispose([content, style]);
  model.dispose();
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.abs(b) + 1e-6;
  assert.ok(close(r.firstLoss, committed.style.firstLoss), `first loss ${r.firstLoss} vs committed ${committed.style.firstLoss}`);
  assert.ok(close(r.lastLoss, committed.style.lastLoss), `last loss ${r.lastLoss} vs committed ${committed.style.lastLoss}`);
});
