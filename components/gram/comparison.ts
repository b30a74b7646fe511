// "Each step costs 2.0–2.3× as much": the Gram chapter's speed comparison as the prose states
// it, computed from the measured steps per second of the precomputed comparison (so the
// sentence follows the data when the gallery is recomputed on another machine).

export interface ComparisonEntry {
  model: string;
  name?: string;
  stepsPerSecond: number;
}

/** How many times slower than `base` each of `others` is per optimisation step (missing ones are left out). */
export function costRelative(entries: ComparisonEntry[], base: string, others: string[]): Array<{model: string; ratio: number; stepsPerSecond: number}> {
  const of = (id: string) => entries.find((e) => e.model === id && Number.isFinite(e.stepsPerSecond) && e.stepsPerSecond > 0);
  const b = of(base);
  if (!b) return [];
  return others.flatMap((id) => {
    const e = of(id);
    return e ? [{model: id, ratio: b.stepsPerSecond / e.stepsPerSecond, stepsPerSecond: e.stepsPerSecond}] : [];
  });
}

const num = (x: number) => (Math.round(x * 100) / 100).toString();

/**
 * "2.0–2.3× as much as MobileNet v1 0.25 (14.6 vs 7.17 and 6.28 steps per second …)", or
 * "several times as much as …" when nothing was measured.
 */
export function costRelativeText(entries: ComparisonEntry[], base: string, others: string[], baseName = base): string {
  const r = costRelative(entries, base, others);
  if (!r.length) return `several times as much as ${baseName}`;
  const lo = Math.min(...r.map((x) => x.ratio)), hi = Math.max(...r.map((x) => x.ratio));
  const span = lo.toFixed(1) === hi.toFixed(1) ? `${lo.toFixed(1)}×` : `${lo.toFixed(1)}–${hi.toFixed(1)}×`;
  const baseSps = entries.find((e) => e.model === base)!.stepsPerSecond;
  return `${span} as much as ${baseName} (${num(baseSps)} vs ${r.map((x) => num(x.stepsPerSecond)).join(" and ")} steps per second in the comparison above)`;
}

export interface JudgedEntry {
  model: string;
  name?: string;
  /** Mean rank given by the other networks (components/gram/judge.ts); absent in older galleries. */
  meanRank?: number;
  judges?: number;
}

/**
 * "ResNet-50's (mean rank 1.2 from 5 judges, each ranking 5 textures; next: MobileNet v2 1.0,
 * 1.8)": the texture the other networks rank best, with the runner-up, or null when the gallery
 * holds no judgement.
 */
export function bestJudgedText(entries: JudgedEntry[]): string | null {
  const judged = entries.filter((e) => Number.isFinite(e.meanRank) && (e.judges ?? 0) > 0).sort((a, b) => a.meanRank! - b.meanRank!);
  if (judged.length < 2) return null;
  const [best, next] = judged;
  const name = (e: JudgedEntry) => e.name ?? e.model;
  return `${name(best)}'s (mean rank ${num(best.meanRank!)} from ${best.judges} judges, each ranking ${judged.length - 1} textures; next: ${name(next)}, ${num(next.meanRank!)})`;
}
