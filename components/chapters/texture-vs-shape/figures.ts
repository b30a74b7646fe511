// The texture-vs-shape chapter's figures, one function each, wired from the chapter's data
// files (src/_site/texture-files.js) so the chapter page and its embed pages (src/embed/texture-*.md)
// build exactly the same thing. Figures that compute with tfjs take the page cell's
// `invalidation`, and free their models (or stop training) when it resolves.
import type {ClassifyModel} from "../../ui/classify.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {modelsOnImages, transformsWidget, type LiveImage} from "./live.ts";
import {galleryFigure as gallery} from "./gallery.ts";
import {categoryBiasFigure, shapeBiasFigure as biasFigure, singleCueTable} from "./charts.ts";
import {trainingLab, type RunRow} from "./train.ts";
import {biasChartNote, biasRows, catImages, categoryChartNote, categorySeries, measuredEvaluations, precomputedAnswers, type EvaluationJson, type ModelJson, type PublishedJson, type RunsJson, type StimuliJson} from "./chapter-data.ts";

export {leftOutNotes, measuredNote, stimuliNote} from "./chapter-data.ts";
export {measuredBiasText, decisionRange, categoryDecisions, singleCueText, runProtocolText, agreeingRunText} from "../../texture-bias/prose-facts.ts";
export {TEXTURE_CAT_EMBED, TEXTURE_GALLERY_EMBED, TEXTURE_SHAPE_BIAS_EMBED, TEXTURE_CATEGORY_BIAS_EMBED, TEXTURE_TRANSFORMS_EMBED, TEXTURE_TRAINING_EMBED} from "./embeds.ts";

export interface Networks {
  /** models.json's list. */
  models: ModelJson[];
  /** Lazy loaders of the packed networks (src/_site/zoo-files.js packedLoaders). */
  loaders: ClassifyModel[];
}

export interface Sample {
  id: string;
  kind: string;
  title: string;
  src: string;
}

type Invalidation = Promise<unknown> | undefined;

const kindOf = ({models}: Networks, id: string) => models.find((m) => m.id === id)?.kind;
const imagenetLoaders = (n: Networks) => n.loaders.filter((l) => kindOf(n, l.id) === "imagenet");
/** ImageNet networks first (they answer in the 16 categories), then the project's own. */
const everyLoader = (n: Networks) => [...imagenetLoaders(n), ...n.loaders.filter((l) => kindOf(n, l.id) !== "imagenet")];

/** The cat with elephant skin (their Figure 1): precomputed answers, live on demand. Key "cat.model". */
export function catFigure({stimuli, evaluations, networks, invalidation}: {stimuli: StimuliJson; evaluations: EvaluationJson[]; networks: Networks; invalidation?: Invalidation}): HTMLElement {
  const el = modelsOnImages({images: catImages(stimuli), models: imagenetLoaders(networks), precomputed: precomputedAnswers(evaluations), params: "cat", invalidation});
  el.id = "texture-cat";
  return el;
}

/** The cue-conflict gallery with each measured network's decision marked. Key "category". */
export function galleryFigure({stimuli, evaluations}: {stimuli: StimuliJson; evaluations: EvaluationJson[]}): HTMLElement {
  const el = gallery({
    stimuli: stimuli.stimuli,
    categories: stimuli.categories ?? [],
    models: measuredEvaluations(evaluations).map((e) => ({id: e.model, name: e.name ?? e.model, decisions: new Map(e.decisions.map((d) => [d.id, d.decision]))})),
    param: "category",
  });
  el.id = "texture-gallery";
  return el;
}

/** Humans against networks: shape bias per observer, quoted and measured. */
export function shapeBiasFigure({published, evaluations, runs, width}: {published: PublishedJson; evaluations: EvaluationJson[]; runs: RunsJson; width?: number}): HTMLElement {
  const rows = biasRows(published, evaluations, runs);
  const el = biasFigure(rows, {width, note: biasChartNote(evaluations, runs)});
  el.id = "texture-bias-chart";
  reportResult("texture-shape-bias", {observers: rows.map((r) => ({name: r.name, group: r.group, shapeBias: r.shapeBias, source: r.source}))});
  return el;
}

/** The per-category chart (their Figure 4), or null when there is nothing to plot. */
export function categoryFigure({published, evaluations, width}: {published: PublishedJson; evaluations: EvaluationJson[]; width?: number}): HTMLElement | null {
  const series = categorySeries(published, evaluations);
  if (!series.length) return null;
  const el = categoryBiasFigure(series, {width, note: categoryChartNote(evaluations)});
  el.id = "texture-category-chart";
  reportResult("texture-category-bias", {
    categories: series[0].categories.map((c) => c.category),
    observers: series.map((s) => ({name: s.name, group: s.group, shapeBias: s.categories.map((c) => c.shapeBias)})),
  });
  return el;
}

/** Accuracy on the edge and silhouette stimuli (their Figure 2), or null when nothing was measured. */
export function singleCueFigure({evaluations}: {evaluations: EvaluationJson[]}): HTMLElement | null {
  const measured = measuredEvaluations(evaluations);
  if (!measured.length) return null;
  const el = singleCueTable(measured.map((e) => ({name: e.name ?? e.model, edges: e.edges?.accuracy, silhouettes: e.silhouettes?.accuracy, edgesN: e.edges?.n, silhouettesN: e.silhouettes?.n, shapeBias: e.shapeBias})));
  el.id = "texture-single-cue";
  return el;
}

/** The images the transforms figure offers: the paper's cat examples, the photos, two ShapeTex images. */
export function transformImages(stimuli: StimuliJson, samples: Sample[]): LiveImage[] {
  return [
    ...catImages(stimuli),
    ...samples.filter((s) => s.kind === "photo").map((s) => ({id: s.id, title: s.title, src: s.src})),
    ...samples.filter((s) => s.kind === "shapetex").slice(0, 2).map((s) => ({id: s.id, title: `ShapeTex: ${s.title}`, src: s.src})),
  ];
}

/** The four transforms on any image, classified live. Keys "transforms.model|image|sigma". */
export function transformsFigure({stimuli, samples, networks, invalidation}: {stimuli: StimuliJson; samples: Sample[]; networks: Networks; invalidation?: Invalidation}): HTMLElement {
  const el = transformsWidget({images: transformImages(stimuli, samples), models: everyLoader(networks), params: "transforms", invalidation});
  el.id = "texture-transforms";
  return el;
}

/** Train a ShapeTex CNN with chosen data (on the button only). Keys "train.*". */
export function trainingFigure({runs, invalidation}: {runs: RunsJson; invalidation?: Invalidation}): HTMLElement {
  const reference: RunRow[] = (runs.runs ?? []).map((r) => ({name: r.name, kind: "reference", settings: r.settings, bias: r.bias, shapeAccuracy: r.shapeAccuracy, seconds: r.seconds, backend: "Node, wasm"}));
  const root = document.createElement("div");
  const lab = trainingLab({reference, params: "train", invalidation});
  lab.id = "texture-train";
  root.append(lab);
  if (runs.missing) root.append(Object.assign(document.createElement("p"), {className: "cnn-missing", textContent: "The reference training runs are not in this copy of the site."}));
  return runs.missing ? root : lab;
}
