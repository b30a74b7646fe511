// The texture-vs-shape chapter's precomputed files (src/data/texture/*.json, models.json) as the
// figures use them: the rows of the bias charts, the precomputed answers on the paper's example
// images, what this build left out. Pure functions, shared by the chapter page and its embeds.
import type {BiasRow, CategorySeries} from "./charts.ts";
import type {TrainSettings} from "../../texture-bias/train-shapetex.ts";
import {categoryDecisions, decisionRange, measuredBiasText, shapeBiasInterval} from "../../texture-bias/prose-facts.ts";

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
  /** Images left out because their two cues agree. */
  excluded?: number;
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
  runs?: Array<{name: string; settings: TrainSettings; bias: {shapeBias: number; shape: number; texture: number; other: number; n: number}; shapeAccuracy: number; trainDistributionAccuracy?: number; seconds: number}>;
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

const interval = (b: {shape: number; texture: number}) => {
  const {low, high, n} = shapeBiasInterval(b);
  return {low, high, n};
};

/** Rows of the humans-vs-networks chart: the paper's observers (quoted), ours (measured), two ShapeTex runs. */
export function biasRows(published: PublishedJson, evaluations: EvaluationJson[], runs: RunsJson): BiasRow[] {
  const quoted: BiasRow[] = (published.observers ?? []).map((o) => ({
    name: o.id === "humans" ? "Humans (Geirhos et al.)" : `${o.name} (Geirhos et al.)`, shapeBias: o.shapeBias, source: "quoted",
    group: o.id === "humans" ? "humans" : "published CNNs", detail: `${o.shape} shape, ${o.texture} texture of ${o.n}`, interval: interval(o),
  }));
  const ours: BiasRow[] = measuredEvaluations(evaluations).map((e) => ({
    name: `${e.name ?? e.model} (measured here)`, shapeBias: e.shapeBias, source: "measured",
    group: "ImageNet CNNs (measured here)", detail: `${e.shape} shape, ${e.texture} texture, ${e.other} other of ${e.n}`, interval: interval(e),
  }));
  const shapeTex: BiasRow[] = (runs.runs ?? []).filter((r) => CHARTED_RUNS.includes(r.name)).map((r) => ({
    name: `ShapeTex CNN, ${r.name}`, shapeBias: r.bias.shapeBias, source: "measured", group: "ShapeTex runs",
    detail: `${r.bias.shape} shape, ${r.bias.texture} texture, ${r.bias.other} other of ${r.bias.n} ShapeTex cue-conflict images (6 classes)`, interval: interval(r.bias),
  }));
  return [...quoted, ...ours, ...shapeTex];
}

/** The stored fractions are of the category's images: decisions = (shape + texture) × n. */
const withDecisions = (c: CategoryFractionJson) => ({...c, decisions: Math.round(((c.shape ?? 0) + (c.texture ?? 0)) * c.n)});

/** Series of the per-category chart: the paper's observers, then the networks measured here. */
export function categorySeries(published: PublishedJson, evaluations: EvaluationJson[]): CategorySeries[] {
  return [
    ...(published.observers ?? []).map((o): CategorySeries => ({name: o.id === "humans" ? "Humans" : o.name, group: o.id === "humans" ? "humans" : "published CNNs", categories: o.categories.map(withDecisions)})),
    ...measuredEvaluations(evaluations).map((e): CategorySeries => ({name: e.name ?? e.model, group: "ImageNet CNNs (measured here)", categories: e.categories.map(withDecisions)})),
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
  const perCategory = stimuli.categories?.length ? ` (${+(n / stimuli.categories.length).toFixed(1)} per category; the full set is in their repository)` : "";
  return `This site has ${n} of the paper's ${stimuli.total} cue-conflict images${perCategory}. Every number we MEASURE below is therefore over these ${n} images, ${conflicting} of which have conflicting cues, not over the 1280. Stimuli by Geirhos et al., ${stimuli.license}.`;
}

/** The sentence under the humans-vs-networks chart: each measured shape bias with its decisions and 95% interval. */
export function measuredNote(evaluations: EvaluationJson[]): string {
  if (!measuredEvaluations(evaluations).length) return "No ImageNet network was measured in this build.";
  return `Measured here, shape bias with its 95% Wilson interval: ${measuredBiasText(evaluations)}.`;
}

/** The visible caption of the humans-vs-networks chart: what is quoted, what is measured, on which stimuli. */
export function biasChartNote(evaluations: EvaluationJson[], runs: RunsJson): string {
  const d = decisionRange(evaluations);
  const charted = (runs.runs ?? []).filter((r) => CHARTED_RUNS.includes(r.name));
  return [
    "Quoted (grey, orange): the paper's humans and CNNs on its 1280 cue-conflict images, 16 categories.",
    d ? `Measured here (blue): ImageNet networks, same 16-category measure, but on the mirror's ${d.images + (evaluations.find((e) => !e.missing)?.excluded ?? 0)} images only: ${d.min}–${d.max} shape-or-texture decisions each.` : "",
    charted.length ? `ShapeTex runs (green): a different test, ${charted[0].bias.n} synthetic 6-class ShapeTex cue conflicts, not the Geirhos stimuli.` : "",
    "Bars: 95% Wilson intervals over each row's shape-or-texture decisions.",
  ].filter(Boolean).join(" ");
}

/** The visible caption of the per-category chart: how few decisions a measured network's dot rests on. */
export function categoryChartNote(evaluations: EvaluationJson[]): string {
  const c = categoryDecisions(evaluations);
  const quoted = "The paper's observers: all their images of each category.";
  if (!c) return quoted;
  return `${quoted} Networks measured here: ${c.images[0]}–${c.images[1]} mirror images per category, so each dot rests on ${c.min}–${c.max} shape-or-texture decisions${c.undefinedDots ? `; ${c.undefinedDots} of ${c.dots} dots are missing (no decision named either cue)` : ""}.`;
}
