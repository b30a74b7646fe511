// URL codecs of the Gram chapter's controls that controls.ts does not cover: a set of layers,
// and a weight on a log scale.
import type {ParamCodec} from "../../ui/url-state.ts";
import {formatWeight} from "../../gram/params.ts";

/** A set of layer names as "a,b,c": unknown names are dropped, an empty set is not a value. */
export function layerSetCodec(known: readonly string[]): ParamCodec<string[]> {
  return {
    encode: (layers) => layers.join(","),
    decode: (text) => {
      const wanted = new Set(text.split(",").map((s) => s.trim()));
      const layers = known.filter((l) => wanted.has(l)); // the network's own order
      return layers.length ? layers : null;
    },
  };
}

/**
 * A slider that moves over log10(weight) in `step`s, written in the URL as the weight itself
 * (style.content-weight=10, not 1): the decoded value is the slider position, snapped and clamped.
 */
export function logWeightCodec(minWeight: number, maxWeight: number, step: number): ParamCodec<number> {
  const lo = Math.log10(minWeight), hi = Math.log10(maxWeight);
  return {
    encode: (position) => formatWeight(10 ** position),
    decode: (text) => {
      const w = Number(text);
      if (text.trim() === "" || !Number.isFinite(w) || w <= 0) return null;
      const snapped = lo + Math.round((Math.log10(w) - lo) / step) * step;
      return Math.min(hi, Math.max(lo, Number(snapped.toFixed(10))));
    },
  };
}
