// What the feature-visualization chapter shows, as plain data: the precomputed render atlas of
// a network (one sprite sheet per layer), the same shape for a network that has no renders
// (its layers and channels only), and the sentences that say what a render or a chart shows
// (text alternatives, captions and the results an embed reports).
import type {HistogramSummary} from "../stats/histogram.ts";

export interface SpriteSheet {
  model: string;
  layer: string;
  /** Channels in tile order (the precompute step renders channels 0..k-1 of a layer). */
  channels: number[];
  /** Tile edge in pixels and tiles per row (0 when the sheet has no renders). */
  tile: number;
  columns: number;
  /** The whole sheet as a data URL (PNG, or JPEG for the papers' networks); absent (or empty) when nothing was rendered. */
  png?: string;
  /** Objective (mean channel activation) reached by each render. */
  objective: number[];
}

export interface RenderAtlas {
  model: string;
  steps: number;
  size: number;
  seed: number;
  recipe: string;
  layers: SpriteSheet[];
}

/** Activation histograms of a network's feature layers over the sample images. */
export interface ActivationHistograms {
  model: string;
  images: string[];
  layers: Array<HistogramSummary & {layer: string}>;
}

/** The shape of layer the chapter can look into: a feature map [height, width, channels]. */
export interface FeatureLayer {
  name: string;
  shape: number[];
}

export const hasRenders = (sheet: SpriteSheet): boolean => Boolean(sheet.png);

/** An atlas without renders: every channel of every feature-map layer, for browsing and live renders. */
export function atlasFromLayers(model: string, layers: readonly FeatureLayer[]): RenderAtlas {
  return {
    model, steps: 0, size: 0, seed: 0, recipe: "none",
    layers: layers.filter((l) => l.shape.length === 3).map((l) => ({
      model, layer: l.name, channels: Array.from({length: l.shape[2]}, (_, i) => i), tile: 0, columns: 0, objective: [],
    })),
  };
}

/** Where a layer sits in the atlas, or -1. */
export const layerIndex = (atlas: RenderAtlas, name: string): number => atlas.layers.findIndex((l) => l.layer === name);

/** The default layer: the second (the first is mostly colour), or the only one. */
export const defaultLayerIndex = (atlas: RenderAtlas): number => Math.min(1, atlas.layers.length - 1);

export interface ChannelMean {
  channel: number;
  mean: number;
}

/** The `k` channels with the highest mean activation, strongest first (ties: lower channel first). */
export function strongestChannels(means: ArrayLike<number>, k = 3): ChannelMean[] {
  return Array.from(means, (mean, channel) => ({channel, mean}))
    .sort((a, b) => b.mean - a.mean || a.channel - b.channel)
    .slice(0, k);
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

/** Text alternative of a precomputed tile. */
export function tileDescription(modelName: string, sheet: SpriteSheet, channel: number): string {
  const i = sheet.channels.indexOf(channel);
  const reached = i >= 0 && sheet.objective[i] !== undefined ? ` (mean activation ${fixed(sheet.objective[i], 2)})` : "";
  return `Image that maximises channel ${channel} of ${modelName} layer ${sheet.layer}${reached}`;
}

export interface LiveRenderSummary {
  modelName: string;
  layer: string;
  channel: number;
  steps: number;
  objectiveAfter: number;
  cancelled: boolean;
}

/** Text alternative of a live render: what it is a render of, how far it got, what it reached. */
export function liveRenderDescription(r: LiveRenderSummary): string {
  return `Live render of channel ${r.channel} of ${r.layer} (${r.modelName}), ${r.cancelled ? "cancelled " : ""}after ${r.steps} steps: mean activation ${fixed(r.objectiveAfter, 2)}`;
}

/** One sentence for the "which channels fire" status line and the bar chart's table caption. */
export function strongestSentence(imageTitle: string, layer: string, top: readonly ChannelMean[]): string {
  if (!top.length) return `On ${imageTitle}, ${layer} has no channels to compare.`;
  const list = top.map((c) => `${c.channel} (${fixed(c.mean, 3)})`).join(", ");
  return `On ${imageTitle}, the strongest channels of ${layer} are ${list}.`;
}

/** The headless command that reproduces a render (for the networks `npm run lab` knows). */
export const labCommand = (model: string, layer: string, channel: number): string =>
  `npm run --silent lab -- featvis --model ${model} --layer ${layer} --channel ${channel} --out render.png --json`;
