// Reference training runs for the texture-vs-shape chapter: the page's own training loop
// (components/texture-bias/train-shapetex.ts) under a few data settings with the same seed,
// so the page has results to compare before the reader trains anything. A run takes ~0.5-1
// min on 2 cores, so the results are committed (data/precomputed/texture-runs.json);
// `npx tsx data/precompute/texture-runs.ts` rewrites them and
// test/texture-runs.test.ts recomputes one run and compares.
import {existsSync, readFileSync, writeFileSync, mkdirSync} from "node:fs";
import {createHash} from "node:crypto";
import path from "node:path";
import {initTf} from "../node/tf.ts";
import {registerFastConv2dGradient} from "../train/fast-conv-gradient.ts";
import {DEFAULT_SETTINGS, trainShapeTex, type TrainResult, type TrainSettings} from "../../components/texture-bias/train-shapetex.ts";
import {PRECOMPUTED_DIR} from "./committed.ts";
import {nodeStepper} from "../train/replicas.ts";

export const RUNS_FILE = path.join(PRECOMPUTED_DIR, "texture-runs.json");

export const REFERENCE_RUNS: Array<{name: string; settings: Partial<TrainSettings>}> = [
  {name: "texture always agrees", settings: {textureAgreement: 1}},
  {name: "half the textures randomized", settings: {textureAgreement: 1, textureRandomization: 0.5}},
  {name: "texture-randomized (\u201cstylized\u201d)", settings: {textureAgreement: 1, textureRandomization: 1}},
  // (texture agreement 1/6 with no randomization is the same data as full randomization, so not listed)
  {name: "texture agrees half the time", settings: {textureAgreement: 0.5}},
  {name: "texture agrees + colour jitter", settings: {textureAgreement: 1, colourJitter: 0.8}},
  {name: "texture agrees + small crops", settings: {textureAgreement: 1, cropScale: 0.3}},
];

export interface ReferenceRun extends Omit<TrainResult, "curve"> {
  name: string;
  curve: TrainResult["curve"];
}

/** The key of the committed file: settings of every run plus the tfjs version. */
export function runsKey(tfjsVersion: string): string {
  const all = REFERENCE_RUNS.map((r) => ({...DEFAULT_SETTINGS, ...r.settings}));
  return createHash("sha256").update(JSON.stringify({all, tfjsVersion, gradient: "fast-conv2d"})).digest("hex").slice(0, 16);
}

/** One reference run in Node (wasm with the fast conv gradient, as `npm run train` uses; shards on worker threads). */
export async function referenceRun(i: number): Promise<ReferenceRun> {
  await initTf();
  registerFastConv2dGradient();
  const {name, settings} = REFERENCE_RUNS[i];
  const r = await trainShapeTex(settings, {yieldEvery: 0, makeStepper: nodeStepper});
  return {name, ...r};
}

/** The committed runs, or a {missing} record when they are stale or absent. */
export function committedRuns(tfjsVersion: string): {key: string; runs: ReferenceRun[]} | {missing: string} {
  if (!existsSync(RUNS_FILE)) return {missing: "reference runs not computed yet (npx tsx data/precompute/texture-runs.ts)"};
  const json = JSON.parse(readFileSync(RUNS_FILE, "utf8"));
  if (json.key !== runsKey(tfjsVersion)) return {missing: `committed reference runs are stale (key ${json.key}, settings now give ${runsKey(tfjsVersion)}); rerun data/precompute/texture-runs.ts`};
  return json;
}

async function main() {
  const tf = await initTf();
  const runs: ReferenceRun[] = [];
  for (let i = 0; i < REFERENCE_RUNS.length; i++) {
    const r = await referenceRun(i);
    console.error(`${r.name}: shape bias ${r.bias.shapeBias.toFixed(3)} (${r.bias.shape} shape, ${r.bias.texture} texture, ${r.bias.other} other), shape accuracy ${r.shapeAccuracy.toFixed(3)}, ${r.seconds.toFixed(0)} s`);
    runs.push(r);
  }
  mkdirSync(PRECOMPUTED_DIR, {recursive: true});
  writeFileSync(RUNS_FILE, JSON.stringify({key: runsKey(tf.version.tfjs), machine: "Node, tfjs wasm backend, fast conv gradient", runs}) + "\n");
  console.error(`wrote ${RUNS_FILE}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main().catch((e) => { console.error(e); process.exit(1); });
