// Committed precomputed outputs (data/precomputed/) must be what the code computes today:
// every committed render atlas carries the key of the model and settings it was made with,
// and a fresh recomputation of a sample (the first batch of channels of ShapeTex's first
// layer) reproduces the committed renders.
import {test} from "node:test";
import assert from "node:assert/strict";
import {existsSync, readdirSync, readFileSync} from "node:fs";
import path from "node:path";
import {PNG} from "pngjs";
import {initTf} from "../data/node/tf.ts";
import {listModels, loadModel} from "../data/node/zoo.ts";
import {PRECOMPUTED_DIR, modelKey} from "../data/precompute/committed.ts";
import {RENDER_SETTINGS} from "../data/precompute/loaders.ts";
import {renderGroup} from "../data/precompute/renders.ts";
import {registryEntry} from "../components/zoo/registry.ts";

interface Atlas {key: string; model: string; size: number; steps: number; seed: number; layers: Array<{layer: string; channels: number[]; tile: number; columns: number; png: string; objective: number[]}>}

const atlases = (): Atlas[] => existsSync(PRECOMPUTED_DIR)
  ? readdirSync(PRECOMPUTED_DIR).filter((f) => /^renders-.*\.json$/.test(f)).map((f) => JSON.parse(readFileSync(path.join(PRECOMPUTED_DIR, f), "utf8")))
  : [];

test("every committed render atlas matches its model and settings (else: npm run precompute)", async () => {
  await initTf();
  const available = new Set((await listModels()).filter((m) => m.available).map((m) => m.id));
  const committed = atlases();
  assert.ok(committed.some((a) => a.model === "shapetex"), "the embedded network's renders are committed");
  for (const a of committed) {
    if (!available.has(a.model)) {
      assert.notEqual(process.env.CI, "true", `${a.model} is not available under CI (asset mirror missing?)`);
      continue;
    }
    const embedded = registryEntry(a.model).kind === "embedded";
    const settings = {...(embedded ? {...RENDER_SETTINGS.embedded, size: a.size} : RENDER_SETTINGS.imagenet), seed: 0};
    assert.equal(await modelKey(a.model, settings), a.key, `${a.model}: committed renders are stale`);
  }
});

test("recomputing a sample reproduces the committed ShapeTex renders", {timeout: 600_000}, async () => {
  await initTf();
  const atlas = atlases().find((a) => a.model === "shapetex");
  assert.ok(atlas, "renders-shapetex.json is committed");
  const sheet = atlas.layers[0];
  const model = await loadModel("shapetex");
  const group = sheet.channels.slice(0, RENDER_SETTINGS.embedded.batch);
  const fresh = await renderGroup(model, sheet.layer, group, {size: atlas.size, steps: atlas.steps, seed: atlas.seed});
  model.dispose();
  fresh.objective.forEach((v, i) => assert.ok(Math.abs(v - sheet.objective[i]) <= 1e-3 + 0.01 * Math.abs(v), `channel ${group[i]}: objective ${v} vs committed ${sheet.objective[i]}`));
  const png = PNG.sync.read(Buffer.from(sheet.png.split(",")[1], "base64"));
  let diff = 0;
  const t = sheet.tile;
  for (let y = 0; y < t; y++) for (let x = 0; x < t; x++) for (let c = 0; c < 3; c++) diff += Math.abs(png.data[(y * png.width + x) * 4 + c] - fresh.tiles[0].data[(y * t + x) * 4 + c]);
  assert.ok(diff / (t * t * 3) < 1, `first tile differs by ${(diff / (t * t * 3)).toFixed(2)} levels per value`);
});
