// Which layers the chapter shows, and which of their channels get a precomputed render.
// Embedded networks: every conv layer, every channel (they are small). ImageNet networks:
// a handful of layers spread from input to output, the first few channels of each.
import type {LayerInfo, ZooModel} from "../../components/zoo/types.ts";

export interface LayerChoice {
  layer: LayerInfo;
  channels: number[];
}

const isMap = (l: LayerInfo) => l.shape.length === 3;

/**
 * The layers a reader can visualise: conv outputs after their non-linearity. Where a model
 * lists separate activation layers (Keras MobileNet: conv -> BN -> ReLU6), those are the
 * ones to look at; a conv's raw output before batch norm can have either sign convention.
 */
export function featureLayers(model: ZooModel): LayerInfo[] {
  const maps = model.layers.filter(isMap);
  const activations = maps.filter((l) => l.kind === "activation");
  const convs = maps.filter((l) => l.kind === "conv");
  return activations.length >= convs.length / 2 && activations.length > 0 ? activations : convs;
}

/** Evenly spaced picks of `count` items, always including the first and last. */
export function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items.slice();
  return Array.from({length: count}, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]);
}

/**
 * The papers' networks are rendered at the layers their papers and Olah et al. show: GoogLeNet's
 * nine inception block outputs (16 channels each), ResNet-50's four stage outputs (8 each).
 */
export const PAPER_RENDER_LAYERS: Readonly<Record<string, {layers: string[]; channels: number}>> = {
  "googlenet": {layers: ["inception_3a", "inception_3b", "inception_4a", "inception_4b", "inception_4c", "inception_4d", "inception_4e", "inception_5a", "inception_5b"], channels: 16},
  "resnet-50": {layers: ["res2c", "res3d", "res4f", "res5c"], channels: 8},
};

export function renderPlan(model: ZooModel, embedded: boolean, {layers = 6, channels = 8} = {}): LayerChoice[] {
  const paper = PAPER_RENDER_LAYERS[model.id];
  if (paper) {
    return paper.layers.map((name) => {
      const layer = model.layers.find((l) => l.name === name);
      if (!layer) throw new Error(`${model.id}: no layer ${name}`);
      return {layer, channels: Array.from({length: Math.min(paper.channels, layer.shape[2])}, (_, i) => i)};
    });
  }
  const all = featureLayers(model);
  const chosen = embedded ? all : spread(all, layers);
  return chosen.map((layer) => {
    const c = layer.shape[2];
    return {layer, channels: Array.from({length: embedded ? c : Math.min(channels, c)}, (_, i) => i)};
  });
}
