// What the chapter's data loaders (src/data/texture/*.json.ts) print: each model's decisions on
// every Geirhos stimulus in the mirror, the published human and CNN data summarised with our
// metric, thumbnails for the gallery, and the committed reference training runs. Without the
// mirror each prints a {missing} record and the page says what is left out.
import * as fs from "node:fs";
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {decodeImage} from "../node/image-io.ts";
import {assetGroup} from "../assets/manifest.ts";
import {assetAvailable, readAssetText} from "../assets/resolve.ts";
import {fitWithin, jpegDataUrl} from "../site/image-ops.ts";
import {tidyReason} from "../site/models-status.ts";
import {CATEGORIES} from "../../components/texture-bias/categories.ts";
import {decideCategories} from "../../components/texture-bias/decide.ts";
import {parseRawCsv, isHuman} from "../../components/texture-bias/raw-data.ts";
import {perCategory, shapeBias, type Trial} from "../../components/texture-bias/shape-bias.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {topK} from "../../components/zoo/topk.ts";
import {decideStimuli, mirrorStimuli, type Stimulus} from "./texture-stimuli.ts";
import {committedRuns} from "./texture-runs.ts";
import {modelKey, readCommitted, writeCommitted} from "./committed.ts";
import {leftOut} from "../site/left-out.ts";

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);

/** The paper's example images (stimuli/visualisation-stimuli). */
export const VISUALISATION = [
  {name: "cat7_original.png", title: "Cat (original)", shape: "cat", texture: "cat"},
  {name: "elephant1.png", title: "Elephant skin (texture)", shape: "elephant", texture: "elephant"},
  {name: "cat7-elephant1_nomask.png", title: "Cat with elephant skin (cue conflict)", shape: "cat", texture: "elephant"},
  {name: "cat7_greyscale.png", title: "Cat, greyscale", shape: "cat", texture: "cat"},
  {name: "cat7_silhouette_filled.png", title: "Cat, filled silhouette", shape: "cat", texture: "cat"},
  {name: "cat7_edge.png", title: "Cat, edges", shape: "cat", texture: "cat"},
] as const;

/** The stimuli of a mirror group whose file names are CATEGORY/categoryN.png (edges, silhouettes). */
async function singleCueStimuli(group: string): Promise<Stimulus[] | string> {
  const out: Stimulus[] = [];
  for (const f of assetGroup(group).files) {
    const [folder, name] = f.name.split("/");
    if (!name) continue;
    const a = await assetAvailable(`${group}/${f.name}`);
    if (!a.available) return a.reason;
    out.push({id: f.name, file: a.path, shape: folder, texture: folder});
  }
  return out;
}

/** Bump when the evaluation changes, so committed files go stale. */
export const EVALUATION_SETTINGS = {version: 1, fit: "center-crop", stimuli: ["geirhos-cue-conflict", "geirhos-edges", "geirhos-silhouettes", "geirhos-visualisation"]};

/**
 * One ImageNet model's decisions on every Geirhos stimulus in the mirror: the committed result
 * (data/precomputed/texture-evaluation-<id>.json) while its key (model hash + settings) matches,
 * else computed now (about a minute for Tiny Darknet on 2 cores) and, with `recompute`, stored.
 */
export async function modelEvaluation(id: string, {recompute = false, store = recompute}: {recompute?: boolean; store?: boolean} = {}): Promise<object> {
  const status = (await listModels()).find((m) => m.id === id);
  if (!status?.available) return {model: id, missing: leftOut(`texture ${id}`, tidyReason(status?.reason ?? `unknown model ${id}`))};
  const cue = await mirrorStimuli();
  if (cue.unavailable) return {model: id, missing: leftOut(`texture ${id}`, tidyReason(cue.unavailable))};
  await initTf();
  const key = await modelKey(id, EVALUATION_SETTINGS);
  const committed = recompute ? null : readCommitted("texture-evaluation", id, key);
  if (committed) return JSON.parse(committed);
  console.error(`texture: no committed evaluation of ${id} for key ${key}; computing (data/precompute/texture-precompute.ts stores it)`);
  const result = {key, ...(await evaluate(id, cue.stimuli))};
  if (store) writeCommitted("texture-evaluation", id, result);
  return result;
}

async function evaluate(id: string, cueStimuli: Stimulus[]): Promise<object> {
  const tf = await initTf();
  const model = await loadModel(id);
  const t0 = performance.now();
  try {
    const {decisions} = await decideStimuli(model, cueStimuli);
    const trials: Trial[] = decisions.map((d) => ({shape: d.shape, texture: d.texture, response: d.decision}));
    const b = shapeBias(trials);
    const singles: Record<string, object> = {};
    for (const [key, group] of [["edges", "geirhos-edges"], ["silhouettes", "geirhos-silhouettes"]] as const) {
      const stimuli = await singleCueStimuli(group);
      if (typeof stimuli === "string") { singles[key] = {missing: leftOut(`texture ${id} ${key}`, tidyReason(stimuli))}; continue; }
      const d = (await decideStimuli(model, stimuli)).decisions;
      singles[key] = {accuracy: r4(d.filter((x) => x.decision === x.shape).length / d.length), n: d.length};
    }
    const examples = [];
    for (const v of VISUALISATION) {
      const a = await assetAvailable(`geirhos-visualisation/${v.name}`);
      if (!a.available) continue;
      const img = decodeImage(fs.readFileSync(a.path), v.name);
      const x = toModelInput(img.data, img.width, img.height, model.inputSize);
      const [cat] = await decideCategories(model, x);
      const top5 = (await topK(model, x, 5)).map((p) => ({label: p.label, probability: r4(p.probability)}));
      x.dispose();
      examples.push({name: v.name, decision: cat.decision, top5});
    }
    return {
      model: id, name: model.name,
      shapeBias: r4(b.shapeBias), shape: b.shape, texture: b.texture, other: b.other, n: b.n, excluded: b.excluded,
      categories: perCategory(trials, CATEGORIES).map((c) => ({category: c.category, shape: r4(c.shape), texture: r4(c.texture), shapeBias: r4(c.shapeBias), n: c.n})),
      decisions: decisions.map((d) => ({id: d.id, decision: d.decision})),
      ...singles,
      examples,
      seconds: r4((performance.now() - t0) / 1000),
      backend: tf.getBackend(),
    };
  } finally {
    model.dispose();
  }
}

/** The paper's raw data, summarised: humans pooled and per subject, and the three published CNNs. */
export async function publishedData(): Promise<object> {
  const byObserver = new Map<string, Trial[]>();
  for (const f of assetGroup("geirhos-raw-data").files) {
    const a = await assetAvailable(`geirhos-raw-data/${f.name}`);
    if (!a.available) return {missing: leftOut("texture published data", tidyReason(a.reason))};
    for (const t of parseRawCsv(await readAssetText(`geirhos-raw-data/${f.name}`))) {
      const who = isHuman(t.subject) ? "humans" : t.subject;
      if (!byObserver.has(who)) byObserver.set(who, []);
      byObserver.get(who)!.push(t);
    }
  }
  const names: Record<string, string> = {humans: "Humans (10 observers, pooled)", alexnet: "AlexNet", googlenet: "GoogLeNet", vgg: "VGG-16"};
  const observers = [...byObserver].map(([id, trials]) => {
    const b = shapeBias(trials);
    return {
      id, name: names[id] ?? id, shapeBias: r4(b.shapeBias), shape: b.shape, texture: b.texture, other: b.other, n: b.n,
      categories: perCategory(trials, CATEGORIES).map((c) => ({category: c.category, shape: r4(c.shape), texture: r4(c.texture), shapeBias: r4(c.shapeBias), n: c.n})),
    };
  });
  const subjects = [...new Set(byObserver.get("humans")?.map((t) => (t as {subject?: string}).subject))].map((s) => ({subject: s, shapeBias: r4(shapeBias(byObserver.get("humans")!.filter((t) => (t as {subject?: string}).subject === s)).shapeBias)}));
  return {observers, subjects, source: "Geirhos et al. 2019, raw-data/style-transfer-512-nomask-experiment (1280 trials per observer; 1200 after dropping images whose shape and texture agree)"};
}

/** Thumbnails of the mirror's stimuli: the 80 cue-conflict images small, the paper's examples full size. */
export async function stimuliThumbnails(side = 112): Promise<object> {
  const cue = await mirrorStimuli();
  if (cue.unavailable) return {missing: leftOut("texture stimuli", tidyReason(cue.unavailable)), stimuli: [], examples: []};
  const g = assetGroup("geirhos-cue-conflict");
  const stimuli = cue.stimuli.map((s) => ({id: s.id, shape: s.shape, texture: s.texture, src: jpegDataUrl(fitWithin(decodeImage(fs.readFileSync(s.file), s.id), side), 85)}));
  const examples = [];
  for (const v of VISUALISATION) {
    const a = await assetAvailable(`geirhos-visualisation/${v.name}`);
    if (!a.available) continue;
    examples.push({...v, id: v.name.replace(/\.png$/, ""), src: jpegDataUrl(decodeImage(fs.readFileSync(a.path), v.name), 92)});
  }
  return {stimuli, examples, categories: CATEGORIES, total: 1280, license: g.license, attribution: g.attribution, source: g.source};
}

export async function referenceRunsJson(): Promise<object> {
  const tf = await initTf();
  const runs = committedRuns(tf.version.tfjs);
  return "missing" in runs ? {missing: leftOut("texture reference runs", runs.missing)} : runs;
}

export async function print(make: () => Promise<object>): Promise<void> {
  process.stdout.write(JSON.stringify(await make()) + "\n");
}
