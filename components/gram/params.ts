// The Gram chapter's shareable state, as pure functions: short readable ids for its images
// ("brick", "chelsea", "shapetex-star-waves-300") and the URL codecs of the controls that
// controls.ts does not cover (a set of layers, a weight on a log scale), plus the small
// summaries its tables and result messages carry.
import type {ParamCodec} from "../site/url-state.ts";

/** A readable URL value for an image id: an asset path's file stem, or a ShapeTex id with dashes. */
export function imageSlug(id: string): string {
  const stem = id.split("/").at(-1)!.replace(/\.[a-z0-9]+$/i, "");
  return stem.replace(/[^A-Za-z0-9_]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() || "image";
}

/** Slugs for a list of ids, made unique in order ("brick", "brick-2", ...). */
export function uniqueSlugs(ids: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const base = imageSlug(id);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

/** The first item whose id matches the pattern, in list order (else the first item). */
export function pickByPattern<T extends {id: string}>(items: readonly T[], pattern: RegExp): T | undefined {
  return items.find((d) => pattern.test(d.id)) ?? items[0];
}

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

/** A weight as a short decimal: 10, 0.1, 0.056, 1.8. */
export const formatWeight = (w: number) => String(Number(w.toPrecision(2)));

export interface GramEntry {
  i: number;
  j: number;
  value: number;
}

/** The k largest entries of a C×C matrix (row-major), each pair once (i <= j), largest first. */
export function topEntries(values: ArrayLike<number>, channels: number, k: number): GramEntry[] {
  const out: GramEntry[] = [];
  for (let i = 0; i < channels; i++) for (let j = i; j < channels; j++) out.push({i, j, value: values[i * channels + j]});
  return out.sort((a, b) => b.value - a.value || a.i - b.i || a.j - b.j).slice(0, k);
}

/** Every how many steps a table of `n` losses shows one, to keep it at about `max` rows. */
export const lossStride = (n: number, max = 25) => Math.max(1, Math.ceil(n / max));

/** (step, loss) rows of a loss curve: step 1, every `stride`-th step after it, and always the last. */
export function sampleLosses(losses: readonly number[], stride = lossStride(losses.length)): Array<[number, number]> {
  const rows: Array<[number, number]> = [];
  for (let i = 0; i < losses.length; i += stride) rows.push([i + 1, losses[i]]);
  if (losses.length && rows.at(-1)![0] !== losses.length) rows.push([losses.length, losses.at(-1)!]);
  return rows;
}

/** A fraction as a percentage with one decimal, as a number (0.4651 -> 46.5). */
export const percent = (fraction: number) => Math.round(fraction * 1000) / 10;
