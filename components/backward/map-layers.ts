// The layers one can look back from, input to output: where a network lists its rectifiers as
// layers of their own (the MobileNets, Tiny Darknet), those and the pools; where they are fused
// into the convolutions (ShapeTex), every feature map. The chapter's figures offer these, and
// the top-patches precompute covers the same list.
import type {ZooModel} from "../zoo/types.ts";

export function mapLayers(model: ZooModel) {
  const maps = model.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");
  return maps.some((l) => l.kind === "activation") ? maps.filter((l) => l.kind === "activation" || l.kind === "pool") : maps;
}

/** The layer a figure opens on: the middle of mapLayers (low enough to be fast, high enough to see parts of shapes). */
export function defaultMapLayer(model: ZooModel): string | undefined {
  const layers = mapLayers(model);
  return layers[Math.floor(layers.length / 2)]?.name;
}
