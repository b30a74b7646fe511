// The committed top-activations figure (data/precomputed/top-patches-<id>.json) is what the code
// computes today: its key matches the current ShapeTex weights and settings, it covers every
// channel of the layers it claims, and recomputing a channel in Node with the figure's own live
// function (topPatches) gives the same units, boxes and activations, and the same pictures.
import {test} from "node:test";
import assert from "node:assert/strict";
import {existsSync, readFileSync, statSync} from "node:fs";
import {initTf, tf} from "../data/node/tf.ts";
import {loadModel} from "../data/node/zoo.ts";
import {committedPath} from "../data/precompute/committed.ts";
import {channelPatches, precomputedLayers, TOP_PATCH_NETWORKS, TOP_PATCH_SETTINGS, topPatchesJson, topPatchesKey} from "../data/precompute/top-patches.ts";
import {SHAPETEX_SET, shapetexImageSet, topPatches} from "../components/backward/top-patches.ts";
import {rgbFromBase64, rgbToBase64, unitRgba, type PrecomputedTopPatches} from "../components/backward/top-patches-data.ts";
import {mapLayers} from "../components/backward/map-layers.ts";

const committed = (id: string): PrecomputedTopPatches => {
  const file = committedPath("top-patches", id);
  assert.ok(existsSync(file), `${file} is missing: npm run precompute -- top-patches`);
  return JSON.parse(readFileSync(file, "utf8"));
};

test("the committed top patches match the current ShapeTex weights and cover every channel of their layers", async () => {
  await initTf();
  let bytes = 0;
  for (const id of TOP_PATCH_NETWORKS) {
    const c = committed(id);
    bytes += statSync(committedPath("top-patches", id)).size;
    assert.equal(c.key, await topPatchesKey(id), `${id}: committed top patches are stale (npm run precompute -- top-patches)`);
    const model = await loadModel(id);
    try {
      assert.deepEqual(c.menu, mapLayers(model).map((l) => ({name: l.name, shape: [...l.shape]})), `${id}: the layer menu`);
      assert.deepEqual(Object.keys(c.layers), precomputedLayers(model));
      assert.ok(precomputedLayers(model).length >= 2, "at least the input layers up to the default one");
      assert.equal(c.images.length, SHAPETEX_SET.n);
      assert.equal(c.rule, TOP_PATCH_SETTINGS.rule);
      for (const [layer, channels] of Object.entries(c.layers)) {
        assert.equal(channels.length, model.layers.find((l) => l.name === layer)!.shape.at(-1), `${id} ${layer}: every channel`);
        for (const patches of channels) {
          assert.equal(patches.length, TOP_PATCH_SETTINGS.k);
          for (let i = 1; i < patches.length; i++) assert.ok(patches[i - 1].activation >= patches[i].activation, "best first");
          assert.equal(new Set(patches.map((p) => p.image)).size, patches.length, "one unit per image");
          for (const p of patches) {
            assert.ok(p.box.x >= 0 && p.box.y >= 0 && p.box.x + p.box.size <= c.size[1] && p.box.y + p.box.size <= c.size[0], `${layer}: box inside the image`);
            assert.equal(rgbFromBase64(p.recon, p.box.size, p.box.size).data.length, p.box.size ** 2 * 4);
          }
        }
      }
    } finally {
      model.dispose();
    }
  }
  assert.ok(bytes <= 2.2e6, `the committed files take ${bytes} bytes (keep them near 2 MB)`);
});

test("recomputing a channel in Node reproduces the committed units, boxes, activations and pictures", {timeout: 300_000}, async () => {
  await initTf();
  for (const [id, layer, channel] of [["shapetex", "conv2_2", 5], ["shapetex-blurpool", "conv2_1", 17]] as const) {
    const c = committed(id);
    const model = await loadModel(id);
    const images = shapetexImageSet(model.inputSize);
    try {
      // the image set: the browser draws patches from these bytes
      assert.deepEqual(images.map((x) => rgbToBase64(unitRgba(x.dataSync(), c.size[1], c.size[0]))), c.images, `${id}: the image set`);
      const stored = c.layers[layer][channel];
      const live = await topPatches(model, images, layer, channel, {k: TOP_PATCH_SETTINGS.k, rule: TOP_PATCH_SETTINGS.rule});
      assert.deepEqual(live.map((p) => [p.image, p.row, p.col, p.box]), stored.map((p) => [p.image, p.row, p.col, p.box]), `${id} ${layer} ${channel}: units and boxes`);
      live.forEach((p, i) => assert.ok(Math.abs(p.activation - stored[i].activation) <= 1e-4, `${id} ${layer} ${channel} #${i}: ${p.activation} vs ${stored[i].activation}`));
      const fresh = await channelPatches(model, images, layer, channel);
      fresh.forEach((p, i) => {
        const a = rgbFromBase64(p.recon, p.box.size, p.box.size).data, b = rgbFromBase64(stored[i].recon, p.box.size, p.box.size).data;
        let diff = 0;
        for (let j = 0; j < a.length; j++) diff = Math.max(diff, Math.abs(a[j] - b[j]));
        assert.ok(diff <= 1, `${id} ${layer} ${channel} #${i}: reconstruction differs by ${diff} levels`);
      });
    } finally {
      tf.dispose(images);
      model.dispose();
    }
  }
});

test("the loader serves the committed file while its key matches", async () => {
  const served = await topPatchesJson("shapetex");
  assert.equal(served, readFileSync(committedPath("top-patches", "shapetex"), "utf8"));
});
