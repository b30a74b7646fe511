// The ShapeTex training snapshots (models/shapetex-snapshots/epoch-N/, written by
// `npm run train -- --snapshots`) as packed zoo models, for the lab and the site's loaders.
import * as fs from "node:fs";
import * as path from "node:path";
import {packModel, type ModelJson} from "../../components/zoo/packed.ts";
import type {ZooMeta} from "../../components/zoo/adapter.ts";
import {modelsDir} from "./zoo.ts";

export const SNAPSHOT_DIR = "shapetex-snapshots";

/** The epochs with a snapshot on disk, ascending. */
export function snapshotEpochs(): number[] {
  const dir = path.join(modelsDir(), SNAPSHOT_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((d) => /^epoch-(\d+)$/.exec(d)?.[1]).filter((e): e is string => !!e).map(Number).sort((a, b) => a - b);
}

export function packSnapshot(epoch: number): Uint8Array {
  const dir = path.join(modelsDir(), SNAPSHOT_DIR, `epoch-${epoch}`);
  if (!fs.existsSync(path.join(dir, "model.json"))) throw new Error(`no snapshot for epoch ${epoch} in ${dir}`);
  const modelJson = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8")) as ModelJson;
  const info = JSON.parse(fs.readFileSync(path.join(modelsDir(), SNAPSHOT_DIR, "run.json"), "utf8")) as {labels: string[]; preprocess: ZooMeta["preprocess"]; inputSize: [number, number]; command: string};
  const weights = fs.readFileSync(path.join(dir, "weights.bin"));
  const meta: ZooMeta = {
    id: `shapetex-epoch-${epoch}`, name: `ShapeTex CNN after epoch ${epoch}`, inputSize: info.inputSize, labels: info.labels, preprocess: info.preprocess,
    source: {url: `models/${SNAPSHOT_DIR}/epoch-${epoch}/`, license: "same as this project", attribution: `trained by this project (${info.command})`},
  };
  return packModel(meta, modelJson, weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength));
}
