// Stimuli for the shape-bias experiment, from a folder laid out like the paper's
// (CATEGORY/shapeN-textureM.png) or from the asset mirror, and a model's decisions on them.
// Everything odd in a folder (unknown category folders, names that are not shapeN-textureM,
// files that are not images) becomes a line in `problems`, never a crash.
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import {CATEGORIES} from "../../components/texture-bias/categories.ts";
import {parseStimulusName} from "../../components/texture-bias/stimulus-name.ts";
import {decideCategories} from "../../components/texture-bias/decide.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import type {ZooModel} from "../../components/zoo/types.ts";
import {decodeImage} from "../node/image-io.ts";
import {assetGroup} from "../assets/manifest.ts";
import {assetAvailable} from "../assets/resolve.ts";

export interface Stimulus {
  /** Path relative to the stimuli folder (or the asset id). */
  id: string;
  file: string;
  shape: string;
  texture: string;
}

export interface Problem {
  file: string;
  reason: string;
}

export interface StimulusSet {
  stimuli: Stimulus[];
  problems: Problem[];
  /** Categories with no usable image. */
  missingCategories: string[];
}

const IMAGE_EXT = /\.(png|jpe?g|bmp)$/i;

export function scanStimuli(dir: string): StimulusSet {
  if (!fs.existsSync(dir)) throw new Error(`stimuli folder ${dir} does not exist`);
  if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder (expected CATEGORY/shapeN-textureM.png inside)`);
  const stimuli: Stimulus[] = [], problems: Problem[] = [];
  for (const entry of fs.readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    if (!entry.isDirectory()) {
      problems.push({file: entry.name, reason: "not inside a category folder (expected CATEGORY/shapeN-textureM.png)"});
      continue;
    }
    if (!CATEGORIES.includes(entry.name)) {
      problems.push({file: entry.name + "/", reason: `"${entry.name}" is not one of the 16 categories (${CATEGORIES.join(", ")})`});
      continue;
    }
    for (const f of fs.readdirSync(path.join(dir, entry.name), {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${entry.name}/${f.name}`, file = path.join(dir, rel);
      if (f.name.startsWith(".")) continue;
      const problem = stimulusProblem(entry.name, f.name, f.isFile());
      if (problem) problems.push({file: rel, reason: problem});
      else stimuli.push({id: rel, file, ...parseStimulusName(f.name)!});
    }
  }
  return {stimuli, problems, missingCategories: missing(stimuli)};
}

/** Why a file cannot be a stimulus of `folder`, or null when it can. */
export function stimulusProblem(folder: string, name: string, isFile = true): string | null {
  if (!isFile) return "not a file";
  if (!IMAGE_EXT.test(name)) return "not an image (PNG, JPEG or BMP by its name)";
  const cues = parseStimulusName(name);
  if (!cues) return "name is not shapeN-textureM.png";
  if (cues.shape !== folder) return `shape "${cues.shape}" in the name but the file is in the "${folder}" folder`;
  if (!CATEGORIES.includes(cues.texture)) return `texture "${cues.texture}" is not one of the 16 categories`;
  return null;
}

const missing = (stimuli: Stimulus[]) => CATEGORIES.filter((c) => !stimuli.some((s) => s.shape === c));

/** The mirror's cue-conflict stimuli (80 of the paper's 1280), through the asset resolver. */
export async function mirrorStimuli(group = "geirhos-cue-conflict"): Promise<StimulusSet & {unavailable?: string}> {
  const stimuli: Stimulus[] = [], problems: Problem[] = [];
  for (const f of assetGroup(group).files) {
    const [folder, name] = f.name.split("/");
    if (!name) continue; // the licence file
    const problem = stimulusProblem(folder, name);
    if (problem) { problems.push({file: f.name, reason: problem}); continue; }
    const a = await assetAvailable(`${group}/${f.name}`);
    if (!a.available) return {stimuli: [], problems, missingCategories: [...CATEGORIES], unavailable: a.reason};
    stimuli.push({id: f.name, file: a.path, ...parseStimulusName(name)!});
  }
  return {stimuli, problems, missingCategories: missing(stimuli)};
}

export interface StimulusDecision extends Stimulus {
  decision: string;
  /** Probability of the chosen category (mean over its classes). */
  probability: number;
}

/** The model's decision on every stimulus; files that do not decode go to `problems`. */
export async function decideStimuli(model: ZooModel, stimuli: Stimulus[], {batch = 16} = {}): Promise<{decisions: StimulusDecision[]; problems: Problem[]}> {
  const decisions: StimulusDecision[] = [], problems: Problem[] = [];
  for (let i = 0; i < stimuli.length; i += batch) {
    const chunk: Stimulus[] = [], inputs: tf.Tensor4D[] = [];
    for (const s of stimuli.slice(i, i + batch)) {
      try {
        const img = decodeImage(fs.readFileSync(s.file), s.id);
        inputs.push(toModelInput(img.data, img.width, img.height, model.inputSize));
        chunk.push(s);
      } catch (e) {
        problems.push({file: s.id, reason: `cannot be decoded: ${e instanceof Error ? e.message : String(e)}`});
      }
    }
    if (!inputs.length) continue;
    const x = tf.concat(inputs) as tf.Tensor4D;
    tf.dispose(inputs);
    try {
      const out = await decideCategories(model, x);
      out.forEach((d, j) => decisions.push({...chunk[j], decision: d.decision, probability: Math.max(...d.probabilities)}));
    } finally {
      x.dispose();
    }
  }
  return {decisions, problems};
}
