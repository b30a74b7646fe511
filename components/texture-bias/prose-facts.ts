// What the texture-vs-shape page says about its own measurements, computed from the files the
// page loads (the networks' evaluations on the mirror's stimuli, the reference ShapeTex runs),
// so no number about our data is typed by hand. Proportions carry their sample size and a 95%
// Wilson interval: the ImageNet networks' shape bias rests on a few dozen decisions.
import {formatProportion, wilsonInterval, type Interval} from "../stats/wilson.ts";
import {ACCURACY_IMAGES} from "./train-shapetex.ts";

export interface EvaluationFacts {
  model: string;
  name?: string;
  missing?: string;
  shape: number;
  texture: number;
  other: number;
  n: number;
  excluded?: number;
  categories: Array<{category: string; shape?: number; texture?: number; shapeBias: number | null; n: number}>;
  edges?: {accuracy?: number; n?: number};
  silhouettes?: {accuracy?: number; n?: number};
}

export interface RunFacts {
  name: string;
  settings: {steps: number; seed: number; textureAgreement: number; textureRandomization: number};
  bias: {shape: number; texture: number; other: number; n: number};
  shapeAccuracy: number;
  trainDistributionAccuracy?: number;
}

const measured = (evaluations: EvaluationFacts[]) => evaluations.filter((e) => !e.missing);
const pct = (x: number) => `${Math.round(100 * x)}%`;

/** Shape bias with its interval: k = shape decisions of n = shape + texture decisions. */
export const shapeBiasInterval = (b: {shape: number; texture: number}): Interval => wilsonInterval(b.shape, b.shape + b.texture);

/** "MobileNet v1 0.25 16% (95% CI 8–31%, n = 37 shape-or-texture decisions), 36 of 73 images named neither cue" per measured network. */
export function measuredBiasText(evaluations: EvaluationFacts[]): string {
  const m = measured(evaluations);
  if (!m.length) return "No ImageNet network was measured in this build.";
  return m.map((e) => `${e.name ?? e.model} ${formatProportion(shapeBiasInterval(e), 0, "shape-or-texture decisions")}, ${e.other} of ${e.n} images named neither cue`).join("; ");
}

/** The decisions behind the measured shape biases: {min, max} of shape + texture over the networks. */
export function decisionRange(evaluations: EvaluationFacts[]): {min: number; max: number; images: number} | null {
  const m = measured(evaluations);
  if (!m.length) return null;
  const counts = m.map((e) => e.shape + e.texture);
  return {min: Math.min(...counts), max: Math.max(...counts), images: m[0].n};
}

/**
 * Per-category dots: how many shape-or-texture decisions each rests on (the stored fractions
 * are of the category's images, so decisions = (shape + texture) × n), and how many are
 * undefined because the network named neither cue on any image of that category.
 */
export function categoryDecisions(evaluations: EvaluationFacts[]): {min: number; max: number; images: [number, number]; undefinedDots: number; dots: number} | null {
  const cats = measured(evaluations).flatMap((e) => e.categories);
  if (!cats.length) return null;
  const decisions = cats.map((c) => Math.round(((c.shape ?? 0) + (c.texture ?? 0)) * c.n));
  return {
    min: Math.min(...decisions), max: Math.max(...decisions),
    images: [Math.min(...cats.map((c) => c.n)), Math.max(...cats.map((c) => c.n))],
    undefinedDots: cats.filter((c) => c.shapeBias === null || !Number.isFinite(c.shapeBias)).length,
    dots: cats.length,
  };
}

/** Accuracy on the edge and silhouette stimuli: the range over networks, in multiples of chance (1/16). */
export function singleCueRange(evaluations: EvaluationFacts[], categories = 16): {low: number; high: number; n: number; lowTimesChance: number; highTimesChance: number} | null {
  const m = measured(evaluations);
  const acc = m.flatMap((e) => [e.edges, e.silhouettes]).filter((x): x is {accuracy: number; n: number} => Number.isFinite(x?.accuracy) && Number.isFinite(x?.n));
  if (!acc.length) return null;
  const low = Math.min(...acc.map((a) => a.accuracy)), high = Math.max(...acc.map((a) => a.accuracy));
  return {low, high, n: acc[0].n, lowTimesChance: low * categories, highTimesChance: high * categories};
}

export function singleCueText(evaluations: EvaluationFacts[]): string {
  const r = singleCueRange(evaluations);
  if (!r) return "nothing was measured in this build";
  return `the networks measured here get ${pct(r.low)} to ${pct(r.high)} of them right (${r.n} images each; ${r.lowTimesChance.toFixed(1)} to ${r.highTimesChance.toFixed(1)} times chance)`;
}

/** The reference runs' protocol: seeds, steps, cue-conflict images, accuracy images. */
export function runProtocol(runs: RunFacts[]): {runs: number; seeds: number[]; steps: number[]; cueConflictImages: number[]; accuracyImages: number} | null {
  if (!runs.length) return null;
  const uniq = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  return {runs: runs.length, seeds: uniq(runs.map((r) => r.settings.seed)), steps: uniq(runs.map((r) => r.settings.steps)), cueConflictImages: uniq(runs.map((r) => r.bias.n)), accuracyImages: ACCURACY_IMAGES};
}

/** The run where texture always agrees with shape, as the prose describes it. */
export function agreeingRunText(runs: RunFacts[]): string {
  const r = runs.find((x) => x.settings.textureAgreement === 1 && x.settings.textureRandomization === 0);
  if (!r) return "";
  const own = r.trainDistributionAccuracy;
  return `The run where texture always agrees with shape has a shape bias of ${formatProportion(shapeBiasInterval(r.bias), 0, "shape-or-texture decisions")}, answers "other" on ${r.bias.other} of its ${r.bias.n} cue-conflict images${own === undefined ? "" : `, and gets only ${pct(own)} of ${ACCURACY_IMAGES} fresh images drawn like its own training data right`} (shape accuracy ${pct(r.shapeAccuracy)}): it is a weak classifier, not a confident texture detector.`;
}

export function runProtocolText(runs: RunFacts[]): string {
  const p = runProtocol(runs);
  if (!p) return "no reference runs in this build";
  const list = (xs: number[]) => xs.join(" or ");
  return `${p.runs} runs, each ${p.seeds.length === 1 ? `with one seed (${p.seeds[0]})` : `with seeds ${p.seeds.join(", ")}`} and ${list(p.steps)} training steps; shape bias on ${list(p.cueConflictImages)} cue-conflict images, accuracies on ${p.accuracyImages} held-out images each`;
}
