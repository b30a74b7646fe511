// The Gram chapter's shareable state, as pure functions: short readable ids for its images
// ("brick", "chelsea", "shapetex-star-waves-300"), plus the small summaries its tables and
// result messages carry. The URL codecs of its controls live with the chapter's figures
// (components/chapters/gram-and-style/codecs.ts).
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
