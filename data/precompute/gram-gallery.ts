// The Gram chapter's precomputed figures (larger and slower than the page's live runs):
// textures at 256 px, the "which layers matter" series, one inversion per layer, a style
// transfer, the cat-with-elephant-skin cue conflict, and the same texture from every network.
// Minutes on 2 cores, so committed under data/precomputed/gram-gallery-<model>.json, keyed by
// the packed models' hashes plus these settings (data/precompute/committed.ts). The loader
// never computes it during a build (it says it is missing instead); GRAM_GALLERY_COMPUTE=1 forces it.
import {createHash} from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {readAsset} from "../assets/resolve.ts";
import {decodeImage} from "../node/image-io.ts";
import {jpegDataUrl} from "../site/image-ops.ts";
import {modelKey, readCommitted, writeCommitted} from "./committed.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {fromRGBA, toRGBA} from "../../components/featvis/render.ts";
import {DEFAULT_GRAM_MODEL, gramLayers} from "../../components/gram/defaults.ts";
import {invertFeatures, styleTransfer, synthesizeTexture, TEXTURE_DEFAULTS} from "../../components/gram/experiments.ts";
import {makeCueConflict} from "../../components/gram/cue-conflict.ts";
import {gramDistance, judgedRanks} from "../../components/gram/judge.ts";
import type {OptimizeResult} from "../../components/gram/optimize.ts";
import type {ZooModel} from "../../components/zoo/types.ts";
import {leftOut} from "../site/left-out.ts";

export const GALLERY_SETTINGS = {
  textures: {images: ["skimage/brick.png", "skimage/gravel.png"], size: 256, steps: 200},
  layerSeries: {image: "skimage/brick.png", size: 128, steps: 150},
  inversion: {image: "skimage/chelsea.png", size: 128, steps: 150},
  style: {content: "skimage/chelsea.png", style: "skimage/gravel.png", size: 128, steps: 150},
  cueConflict: {shape: "geirhos-visualisation/cat7_original.png", texture: "geirhos-visualisation/elephant1.png", reference: "geirhos-visualisation/cat7-elephant1_nomask.png", size: 128},
  comparison: {image: "skimage/brick.png", size: 128, steps: 150},
  seed: 0,
  version: 2, // 2: the papers' networks compared, each texture judged by every network
} as const;

const log = (line: string) => process.stderr.write(line + "\n");
const url = (img: {width: number; height: number; data: Uint8ClampedArray}) => jpegDataUrl(img, 90);
const r4 = (x: number) => Number(x.toPrecision(4));

async function image(id: string, side: number): Promise<tf.Tensor4D> {
  const img = decodeImage(new Uint8Array(await readAsset(id)), id);
  return toModelInput(img.data, img.width, img.height, [side, side]);
}

async function picture(id: string, side: number): Promise<string> {
  const x = await image(id, side);
  const rgba = await toRGBA(x);
  x.dispose();
  return url(rgba);
}

function summary(r: OptimizeResult) {
  return {src: url(r.image), firstLoss: r4(r.firstLoss), lastLoss: r4(r.lastLoss), steps: r.steps, seconds: r4(r.seconds)};
}

/** Each prefix of the model's style layers, shallow to deep (Gatys et al. 2015, Fig. 2). */
function prefixes(layers: string[]): string[][] {
  return layers.map((_, i) => layers.slice(0, i + 1));
}

async function compute(model: ZooModel, others: ZooModel[]) {
  const S = GALLERY_SETTINGS, seed = S.seed, L = gramLayers(model);
  const textures = [];
  for (const id of S.textures.images) {
    const source = await image(id, S.textures.size);
    const r = await synthesizeTexture(model, source, {layers: L.style, size: S.textures.size, steps: S.textures.steps, seed});
    textures.push({image: id, source: await picture(id, 128), layers: L.style, ...summary(r)});
    source.dispose();
    log(`gram gallery: texture ${id} ${r.lastLoss.toFixed(4)} in ${r.seconds.toFixed(0)} s`);
  }
  const layerSeries = [];
  {
    const source = await image(S.layerSeries.image, S.layerSeries.size);
    for (const layers of prefixes(L.style)) {
      const r = await synthesizeTexture(model, source, {layers, size: S.layerSeries.size, steps: S.layerSeries.steps, seed});
      layerSeries.push({layers, stepsPerSecond: r4(r.steps / r.seconds), ...summary(r)});
      log(`gram gallery: layers up to ${layers.at(-1)}: ${r.lastLoss.toFixed(4)}`);
    }
    source.dispose();
  }
  const inversions = [];
  {
    const x = await image(S.inversion.image, S.inversion.size);
    for (const layer of L.invert) {
      const r = await invertFeatures(model, x, {layer, steps: S.inversion.steps, seed});
      inversions.push({layer, ...summary(r)});
      log(`gram gallery: inversion ${layer}: ${r.firstLoss.toFixed(3)} -> ${r.lastLoss.toFixed(3)}`);
    }
    x.dispose();
  }
  const content = await image(S.style.content, S.style.size), style = await image(S.style.style, S.style.size);
  const st = await styleTransfer(model, content, style, {contentLayer: L.content, styleLayers: L.style, steps: S.style.steps, seed});
  tf.dispose([content, style]);
  const shape = await image(S.cueConflict.shape, S.cueConflict.size), texture = await image(S.cueConflict.texture, S.cueConflict.size);
  const cue = await makeCueConflict(model, shape, texture, {seed});
  tf.dispose([shape, texture]);
  log(`gram gallery: style ${st.lastLoss.toFixed(3)}, cue conflict ${cue.lastLoss.toFixed(3)}`);
  const comparison = [];
  const brick = await image(S.comparison.image, S.comparison.size);
  const made = new Map<string, tf.Tensor4D>();
  for (const m of [model, ...others]) {
    const layers = gramLayers(m).style;
    const r = await synthesizeTexture(m, brick, {layers, size: S.comparison.size, steps: S.comparison.steps, seed});
    comparison.push({model: m.id, name: m.name, layers, stepsPerSecond: r4(r.steps / r.seconds), ...summary(r)});
    made.set(m.id, fromRGBA(r.image));
    log(`gram gallery: comparison ${m.id}: ${r.lastLoss.toFixed(4)} at ${(r.steps / r.seconds).toFixed(1)} steps/s`);
  }
  // every network judges every texture by its own Gram distance to the brick (components/gram/judge.ts)
  const distances: Record<string, Record<string, number>> = Object.fromEntries([...made.keys()].map((id) => [id, {}]));
  for (const judge of [model, ...others]) {
    const layers = gramLayers(judge).style;
    for (const [maker, x] of made) distances[maker][judge.id] = r4(await gramDistance(judge, x, brick, layers));
  }
  const ranks = judgedRanks(distances);
  for (const row of comparison) {
    const rank = ranks.find((r) => r.maker === row.model)!;
    Object.assign(row, {judgedBy: distances[row.model], meanRank: r4(rank.meanRank), judges: rank.judges});
  }
  tf.dispose([brick, ...made.values()]);
  return {
    model: model.id, name: model.name, layers: L, textureDefaults: TEXTURE_DEFAULTS, settings: S,
    textures, layerSeries, inversions,
    inversionSource: await picture(S.inversion.image, S.inversion.size),
    style: {content: await picture(S.style.content, 128), style: await picture(S.style.style, 128), contentLayer: L.content, styleLayers: L.style, ...summary(st)},
    cueConflict: {shape: await picture(S.cueConflict.shape, 128), texture: await picture(S.cueConflict.texture, 128), reference: await picture(S.cueConflict.reference, 128), ...summary(cue)},
    comparison,
  };
}

/** The other networks compared in "Which features?", when available. */
export const COMPARED = ["shapetex", "tiny-darknet", "mobilenet-v2-1.0", "googlenet", "resnet-50"];

/** One key for all the networks the gallery used (each comparison row depends on its network). */
export async function galleryKey(ids: string[]): Promise<string> {
  const keys = await Promise.all(ids.map((m) => modelKey(m, GALLERY_SETTINGS)));
  return createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 16);
}

/** The gallery JSON: committed when its key matches, else computed (minutes), or a {missing} record. */
export async function gramGalleryJson({recompute = false, id = DEFAULT_GRAM_MODEL} = {}): Promise<string> {
  const status = await listModels();
  const main = status.find((m) => m.id === id);
  if (!main?.available) return JSON.stringify({model: id, missing: leftOut(`gram gallery ${id}`, main?.reason ?? `unknown model ${id}`)});
  const otherIds = COMPARED.filter((c) => c !== id && status.some((m) => m.id === c && m.available));
  await initTf();
  const key = await galleryKey([id, ...otherIds]);
  const committed = recompute ? null : readCommitted("gram-gallery", id, key);
  if (committed) return committed.trim();
  for (const a of ["skimage/brick.png", "skimage/chelsea.png", GALLERY_SETTINGS.cueConflict.reference]) {
    try { await readAsset(a); } catch (e) { return JSON.stringify({model: id, missing: leftOut(`gram gallery ${id}`, e)}); }
  }
  if (!recompute && process.env.GRAM_GALLERY_COMPUTE !== "1") {
    // computing takes many minutes on 2 cores: never inside a build; say what is left out instead
    const reason = `no precomputed gallery for these model versions (key ${key}); run npx tsx data/precompute/gram-gallery.ts to make it`;
    return JSON.stringify({model: id, missing: leftOut("gram gallery", reason)});
  }
  log(`gram gallery: computing for key ${key}`);
  const model = await loadModel(id), others = await Promise.all(otherIds.map((m) => loadModel(m)));
  try {
    const json = {key, ...(await compute(model, others))};
    if (recompute) writeCommitted("gram-gallery", id, json);
    return JSON.stringify(json);
  } finally {
    model.dispose();
    for (const m of others) m.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = performance.now();
  await gramGalleryJson({recompute: true});
  log(`gram gallery written in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
