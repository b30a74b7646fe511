// The texture-vs-shape chapter's precomputed files (src/data/texture/*.json, models.json) as the
// figures use them: the rows of the bias charts, the precomputed answers on the paper's example
// images, what this build left out. Pure functions, shared by the chapter page and its embeds.
import type {BiasRow, CategorySeries} from "./charts.ts";
import type {TrainSettings} from "../../texture-bias/train-shapetex.ts";

export interface TopEntry {
  label: string;
  probability: number;
}

/** One network's answer on one image: its top classes and, for ImageNet networks, the 16-category decision. */
export interface Answer {
  top: TopEntry[];
  category?: string;
}

export interface CategoryFractionJson {
  category: string;
  shape?: number;
  texture?: number;
  shapeBias: number | null;
  n: number;
}

export interface EvaluationJson {
  model: string;
  name?: string;
  missing?: string;
  shapeBias: number;
  shape: number;
  texture: number;
  other: number;
  n: number;
  categories: CategoryFractionJson[];
  decisions: Array<{id: string; decision: string}>;
  edges?: {accuracy?: number; n?: number; missing?: string};
  silhouettes?: {accuracy?: number; n?: number; missing?: string};
  /** The paper's example images (file names such as "cat7_original.png"). */
  examples?: Array<{name: string; decision: string; top5: TopEntry[]}>;
}

export interface ObserverJson {
  id: string;
  name: string;
  shapeBias: number;
  shape: number;
  texture: number;
  n: number;
  categories: CategoryFractionJson[];
}

export interface PublishedJson {
  missing?: string;
  observers?: ObserverJson[];
}

export interface StimulusJson {
  id: string;
  shape: string;
  texture: string;
  src: string;
}

export interface StimuliJson {
  missing?: string;
  stimuli: StimulusJson[];
  examples: Array<StimulusJson & {name: string; title: string}>;
  categories?: string[];
  total?: number;
  license?: string;
}

export interface RunsJson {
  missing?: string;
  runs?: Array<{name: string; settings: TrainSettings; bias: {shapeBias: number; shape: number; texture: number; other: number}; shapeAccuracy: number; seconds: number}>;
}

export interface ModelJson {
  id: string;
  name: string;
  kind: string;
  available: boolean;
  reason?: string;
}

/** The paper's Figure 1: the cat, the elephant skin, and the cat with elephant skin. */
export const CAT_IMAGE_IDS = ["cat7_original", "elephant1", "cat7-elephant1_nomask"] as const;

/** The two reference runs the humans-vs-networks chart shows beside the ImageNet networks. */
const CHARTED_RUNS = ["texture always agrees", "texture-randomized (“stylized”)"];

export const measuredEvaluations = (evaluations: EvaluationJson[]) => evaluations.filter((e) => !e.missing);

export function catImages(stimuli: StimuliJson) {
  return CAT_IMAGE_IDS.map((id) => stimuli.examples.find((e) => e.id === id)).filter((e): e is StimuliJson["examples"][number] => e !== undefined);
}

/**
 * Each measured network's precomputed answers on the paper's example images (top-5 and the
 * 16-category decision), keyed by model id, then by image id ("cat7_original").
 */
export function precomputedAnswers(evaluations: EvaluationJson[]): Map<string, {name: string; answers: Map<string, Answer>}> {
  const out = new Map<string, {name: string; answers: Map<string, Answer>}>();
  for (const e of measuredEvaluations(evaluations)) {
    const answers = new Map<string, Answer>();
    for (const x of e.examples ?? []) answers.set(x.name.replace(/\.png$/, ""), {top: x.top5, category: x.decision});
    out.set(e.model, {name: e.name ?? e.model, answers});
  }
  return out;
}

/** Rows of the humans-vs-networks chart: the paper's observers (quoted), ours (measured), two ShapeTex runs. */
export function biasRows(published: PublishedJson, evaluations: EvaluationJson[], runs: RunsJson): BiasRow[] {
  const quoted: BiasRow[] = (published.observers ?? []).map((o) => ({
    name: o.id === "humans" ? "Humans (Geirhos et al.)" : `${o.name} (Geirhos et al.)`, shapeBias: o.shapeBias, source: "quoted",
    group: o.id === "humans" ? "humans" : "published CNNs", detail: `${o.shape} shape, ${o.texture} texture of ${o.n}`,
  }));
  const ours: BiasRow[] = measuredEvaluations(evaluations).map((e) => ({
    name: `${e.name ?? e.model} (measured here)`, shapeBias: e.shapeBias, source: "measured",
    group: "ImageNet CNNs (measured here)", detail: `${e.shape} shape, ${e.texture} texture, ${e.other} other of ${e.n}`,
  }));
  const shapeTex: BiasRow[] = (runs.runs ?? []).filter((r) => CHARTED_RUNS.includes(r.name)).map((r) => ({
    name: `ShapeTex CNN, ${r.name}`, shapeBias: r.bias.shapeBias, source: "measured", group: "ShapeTex runs", detail: "on ShapeTex cue-conflict images",
  }));
  return [...quoted, ...ours, ...shapeTex];
}

/** Series of the per-category chart: the paper's observers, then the networks measured here. */
export function categorySeries(published: PublishedJson, evaluations: EvaluationJson[]): CategorySeries[] {
  return [
    ...(published.observers ?? []).map((o): CategorySeries => ({name: o.id === "humans" ? "Humans" : o.name, group: o.id === "humans" ? "humans" : "published CNNs", categories: o.categories})),
    ...measuredEvaluations(evaluations).map((e): CategorySeries => ({name: e.name ?? e.model, group: "ImageNet CNNs (measured here)", categories: e.categories})),
  ];
}

/** One line per thing this build lacks (a network, the stimuli), for the build log; pages say it in one sentence (ui/build-note.ts). */
export function leftOutNotes({models, evaluations, published, stimuli}: {models: ModelJson[]; evaluations: EvaluationJson[]; published: PublishedJson; stimuli: StimuliJson}): string[] {
  return [
    ...models.filter((m) => !m.available).map((m) => `${m.name}: ${m.reason ?? "not available"}`),
    ...evaluations.filter((e) => e.missing).map((e) => `evaluation of ${e.model}: ${e.missing}`),
    ...(published.missing ? [`the paper's raw data: ${published.missing}`] : []),
    ...(stimuli.missing ? [`the stimuli: ${stimuli.missing}`] : []),
  ];
}

/** What the gallery holds, and over how many images every measured number is. */
export function stimuliNote(stimuli: StimuliJson): string {
  if (stimuli.missing) return "The cue-conflict stimuli are not in this copy of the site, so the gallery is empty.";
  const n = stimuli.stimuli.length;
  const conflicting = stimuli.stimuli.filter((s) => s.shape !== s.texture).length;
  return `This site has ${n} of the paper's ${stimuli.total} cue-conflict images (5 per category; the full set is in their repository). Every number we MEASURE below is therefore over these ${n} images, ${conflicting} of which have conflicting cues, not over the 1280. Stimuli by Geirhos et al., ${stimuli.license}.`;
}

/** The sentence under the humans-vs-networks chart. */
export function measuredNote(evaluations: EvaluationJson[]): string {
  const measured = measuredEvaluations(evaluations);
  if (!measured.length) return "No ImageNet network was measured in this build.";
  return `Measured here: ${measured.map((e) => `${e.name ?? e.model} ${(100 * e.shapeBias).toFixed(1)}% (${e.shape} shape vs ${e.texture} texture decisions; ${e.other} of ${e.n} named neither)`).join("; ")}. With ${measured[0].n} conflicting images the uncertainty is large: a binomial standard error of several percentage points on the ratio.`;
}
