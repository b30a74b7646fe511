// The top-activations figure of /looking-back (Zeiler & Fergus 2014, Fig. 2) precomputed for its
// default networks, the two ShapeTex networks (embedded: every build has them): for the layers
// the figure offers up to its default one (precomputedLayers) and every channel, the 9 strongest units over the generated ShapeTex image
// set with their boxes and deconvnet reconstructions (components/backward/top-patches-data.ts).
// Committed as data/precomputed/top-patches-<id>.json with a key (committed.ts); the loaders
// src/data/looking-back/top-patches-<id>.json.ts use it while the key matches, else recompute
// (about a minute per network on 2 cores). `npm run precompute -- top-patches` rewrites them.
import {initTf, tf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {committedPath, modelKey, readCommitted, writeCommitted} from "./committed.ts";
import {patchesOf, SHAPETEX_SET, shapetexImageSet, strongestUnits, strongestUnitsByChannel, type Unit} from "../../components/backward/top-patches.ts";
import {rgbToBase64, unitRgba, type PrecomputedTopPatches, type StoredPatch} from "../../components/backward/top-patches-data.ts";
import {toRgba} from "../../components/backward/view.ts";
import {defaultMapLayer, mapLayers} from "../../components/backward/map-layers.ts";
import type {ZooModel} from "../../components/zoo/types.ts";

export const TOP_PATCH_NETWORKS = ["shapetex", "shapetex-blurpool"] as const;
export const TOP_PATCH_SETTINGS = {figure: "top-patches", version: 1, set: {generator: "shapetex", ...SHAPETEX_SET}, k: 9, rule: "deconvnet", view: "signed"} as const;

export const topPatchesKey = (id: string) => modelKey(id, TOP_PATCH_SETTINGS);

/**
 * The precomputed layers: the figure's layer menu from the input up to its default layer. All
 * nine layers of a ShapeTex network would take 6 MB per network (the top layers' reconstructions
 * are 20–32 px squares); these five take under 0.8 MB, and the rest are computed live.
 */
export function precomputedLayers(model: ZooModel): string[] {
  const names = mapLayers(model).map((l) => l.name);
  return names.slice(0, names.indexOf(defaultMapLayer(model)!) + 1);
}

/** One channel's stored patches (also what the test recomputes). */
export async function channelPatches(model: ZooModel, images: tf.Tensor4D[], layer: string, channel: number, units?: Unit[]): Promise<StoredPatch[]> {
  const {k, rule, view} = TOP_PATCH_SETTINGS;
  units ??= await strongestUnits(model, images, layer, channel);
  const out: StoredPatch[] = [];
  for (const {reconstruction, ...p} of await patchesOf(model, images, layer, channel, units.slice(0, k), {rule, keepReconstructions: true})) {
    const r = tf.tidy(() => reconstruction!.expandDims(0) as tf.Tensor4D);
    const recon = rgbToBase64(await toRgba(r, view));
    tf.dispose([r, reconstruction!]);
    out.push({...p, activation: Number(p.activation.toPrecision(7)), recon});
  }
  return out;
}

export async function computeTopPatches(id: string, log = (m: string) => console.error(m)): Promise<PrecomputedTopPatches> {
  await initTf();
  const t0 = performance.now();
  const model = await loadModel(id);
  const images = shapetexImageSet(model.inputSize);
  try {
    const [h, w] = model.inputSize;
    const layers: PrecomputedTopPatches["layers"] = {};
    for (const layer of precomputedLayers(model)) {
      const channels = Array.from({length: model.layers.find((l) => l.name === layer)!.shape.at(-1)!}, (_, c) => c);
      const units = await strongestUnitsByChannel(model, images, layer, channels);
      layers[layer] = [];
      for (const c of channels) layers[layer].push(await channelPatches(model, images, layer, c, units[c]));
      log(`top-patches ${id}: ${layer}, ${channels.length} channels`);
    }
    return {
      key: await topPatchesKey(id), model: id, rule: TOP_PATCH_SETTINGS.rule, k: TOP_PATCH_SETTINGS.k, set: {...TOP_PATCH_SETTINGS.set}, size: [h, w],
      menu: mapLayers(model).map((l) => ({name: l.name, shape: [...l.shape]})),
      images: images.map((x) => rgbToBase64(unitRgba(x.dataSync(), w, h))),
      layers, seconds: Math.round((performance.now() - t0) / 1000),
    };
  } finally {
    tf.dispose(images);
    model.dispose();
  }
}

/** The loader's output: the committed file while its key matches, else a fresh computation (written back). */
export async function topPatchesJson(id: string, {recompute = false} = {}): Promise<string> {
  await initTf();
  if (!recompute) {
    const committed = readCommitted("top-patches", id, await topPatchesKey(id));
    if (committed) return committed;
  }
  const data = await computeTopPatches(id);
  writeCommitted("top-patches", id, data);
  console.error(`wrote ${committedPath("top-patches", id)} (${data.seconds} s)`);
  return JSON.stringify(data);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const id of process.argv.slice(2).length ? process.argv.slice(2) : TOP_PATCH_NETWORKS) await topPatchesJson(id, {recompute: true});
}
