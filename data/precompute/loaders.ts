// What the site's data loaders (src/data/renders/*.json.ts, src/data/histograms/*.json.ts)
// call: compute for one model and print JSON to stdout, or a {missing} record when the model
// is not available here (no mirror), so the build succeeds on the embedded networks alone.
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {renderAtlas} from "./renders.ts";
import {startModelPool} from "./model-pool.ts";
import {activationHistograms} from "./histograms.ts";
import {sampleImages} from "./sample-images.ts";
import {modelKey, readCommitted, writeCommitted} from "./committed.ts";
import {leftOut} from "../site/left-out.ts";

/** Models whose render atlases are precomputed (and committed); the others render live only. */
export const RENDERED_MODELS = ["shapetex", "shapetex-blurpool", "mobilenet-v1-0.25", "tiny-darknet"];

/** Render settings per kind of model: ours are tiny, so every channel; ImageNet ones a sample. */
export const RENDER_SETTINGS = {
  embedded: {steps: 96, batch: 32},
  imagenet: {steps: 64, batch: 8, size: 128},
} as const;

async function unavailable(id: string): Promise<string | null> {
  const status = (await listModels()).find((m) => m.id === id);
  return status?.available ? null : status?.reason ?? `unknown model ${id}`;
}

const log = (line: string) => process.stderr.write(line + "\n");

/**
 * Renders of one model: the committed ones when they match the model and settings, else computed
 * now; with `workers` > 1 on that many worker threads (model-pool.ts), the same bytes either way.
 */
export async function renderAtlasJson(id: string, {recompute = false, workers = 1} = {}): Promise<string> {
  const missing = await unavailable(id);
  if (missing) return JSON.stringify({model: id, missing: leftOut(`renders ${id}`, missing), layers: []});
  await initTf();
  const model = await loadModel(id);
  try {
    const embedded = registryEntry(id).kind === "embedded";
    const settings = {...(embedded ? {...RENDER_SETTINGS.embedded, size: model.inputSize[0]} : RENDER_SETTINGS.imagenet), seed: 0};
    const key = await modelKey(id, settings);
    const committed = recompute ? null : readCommitted("renders", id, key);
    if (committed) return committed.trim();
    log(`${id}: no committed renders for key ${key}; computing (npm run precompute stores them)`);
    const pool = workers > 1 ? await startModelPool(id, workers) : null;
    const atlas = await renderAtlas(model, {embedded, ...settings, log, render: pool?.render}).finally(() => pool?.close());
    const json = {key, ...atlas};
    if (recompute) writeCommitted("renders", id, json);
    return JSON.stringify(json);
  } finally {
    model.dispose();
  }
}

export async function histogramsJson(id: string): Promise<string> {
  const missing = await unavailable(id);
  if (missing) return JSON.stringify({model: id, missing: leftOut(`histograms ${id}`, missing), images: [], layers: []});
  const tf = await initTf();
  const model = await loadModel(id);
  const {images, names} = await sampleImages(model);
  const set = activationHistograms(model, images, names);
  tf.dispose(images);
  model.dispose();
  return JSON.stringify(set);
}
