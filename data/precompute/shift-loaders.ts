// What the shift chapter's data loaders (src/data/shifts/<id>.json.ts) print: one model's
// sweeps over the chapter's image set under each protocol, with the metrics. ShapeTex nets:
// 48 seeded ShapeTex test images (seed 7001), shifts 0..16 (two periods of their stride 8).
// ImageNet nets: the mirror's sample photos, shifts 0..32. A {missing} record when the model
// is not here. Sweeps that match a committed file's key (model hash + settings) are read from
// data/precomputed/shifts-<id>.json; `npx tsx data/precompute/shift-run.ts` rewrites them.
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {PROTOCOLS} from "../../components/shift/protocols.ts";
import {modelKey, readCommitted, writeCommitted} from "./committed.ts";
import {startModelPool} from "./model-pool.ts";
import {geometryFor, samplePhotos, shapeTexItems, shapeTexSideFor, sweepImageSet, SHAPETEX_SHIFT_SEED, type ImageSetSweep} from "./shift-sweeps.ts";
import {leftOut} from "../site/left-out.ts";

export const SHIFT_SETTINGS = {
  embedded: {images: 48, seed: SHAPETEX_SHIFT_SEED, maxShift: 16, direction: "diagonal"},
  imagenet: {maxShift: 32, direction: "diagonal"},
} as const;

export interface ShiftSweepsFile {
  model: string;
  name?: string;
  missing?: string;
  key?: string;
  /** Convolution layers (conv + depthwise) of the network: its depth, for the comparison. */
  conv_layers?: number;
  images?: string[];
  protocols: Partial<Record<(typeof PROTOCOLS)[number], ImageSetSweep>>;
}

const log = (line: string) => process.stderr.write(line + "\n");

/**
 * recompute: compute and rewrite the committed file; fresh: compute, ignore and keep the committed
 * file; workers > 1: sweep the images on that many worker threads (model-pool.ts), same numbers.
 */
export async function shiftSweepsJson(id: string, {recompute = false, fresh = false, workers = 1} = {}): Promise<string> {
  const status = (await listModels()).find((m) => m.id === id);
  if (!status?.available) return JSON.stringify({model: id, missing: leftOut(`shift sweeps ${id}`, status?.reason ?? `unknown model ${id}`), protocols: {}} satisfies ShiftSweepsFile);
  await initTf();
  const embedded = registryEntry(id).kind === "embedded";
  const photos = embedded ? [] : await samplePhotos();
  const settings = embedded ? SHIFT_SETTINGS.embedded : {...SHIFT_SETTINGS.imagenet, photos: photos.map((p) => p.name)};
  const key = await modelKey(id, {shifts: settings, version: 1});
  const committed = recompute || fresh ? null : readCommitted("shifts", id, key);
  if (committed) return committed.trim();
  if (!embedded && !photos.length) return JSON.stringify({model: id, missing: leftOut(`shift sweeps ${id}`, "no sample photos"), protocols: {}} satisfies ShiftSweepsFile);
  log(`${id}: no committed shift sweeps for key ${key}; computing`);
  const model = await loadModel(id);
  const pool = workers > 1 ? await startModelPool(id, workers) : null;
  try {
    const out: ShiftSweepsFile = {model: id, name: model.name, key, conv_layers: model.layers.filter((l) => l.kind === "conv" || l.kind === "depthwise").length, protocols: {}};
    for (const protocol of PROTOCOLS) {
      const g = geometryFor(model, settings.maxShift, settings.direction);
      const items = embedded ? shapeTexItems(SHIFT_SETTINGS.embedded.images, shapeTexSideFor(g, protocol), SHIFT_SETTINGS.embedded.seed) : photos;
      const t = performance.now();
      out.protocols[protocol] = await sweepImageSet(model, items, protocol, g, undefined, pool?.sweep);
      out.images = items.map((it) => it.name);
      log(`${id} ${protocol}: ${items.length} images in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    if (recompute) writeCommitted("shifts", id, out);
    return JSON.stringify(out);
  } finally {
    await pool?.close();
    model.dispose();
  }
}
