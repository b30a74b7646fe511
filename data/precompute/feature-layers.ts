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

export function renderPlan(model: ZooModel, embedded: boolean, {layers = 6, channels = 8} = {}): LayerChoice[] {
  const all = featureLayers(model);
  const chosen = embedded ? all : spread(all, layers);
  return chosen.map((layer) => {
    const c = layer.shape[2];
    return {layer, channels: Array.from({length: embedded ? c : Math.min(channels, c)}, (_, i) => i)};
  });
}
