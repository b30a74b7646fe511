// What one network's sweep says at one shift, and what one precomputed heatmap row says over
// the whole sweep: the numbers the shift lab shows, announces and reports to an embedding page.
import {argmax} from "./metrics.ts";

export interface ShiftReadout {
  /** Top-1 class index at this shift. */
  top1: number;
  /** Its probability. */
  probability: number;
  /** Probability of the reference class (the top-1 at shift 0). */
  pReference: number;
  /** Indices i (into the sweep) where the top-1 differs from the one at i − 1. */
  changes: number[];
}

/** Readout of a sweep (probabilities per shift index) at shift index k, against `reference`. */
export function sweepReadout(probabilities: ArrayLike<number>[], reference: number, k: number): ShiftReadout {
  if (k < 0 || k >= probabilities.length) throw new Error(`shift index ${k} outside the sweep (0–${probabilities.length - 1})`);
  const tops = probabilities.map(argmax);
  const changes = tops.flatMap((t, i) => (i > 0 && t !== tops[i - 1] ? [i] : []));
  const p = probabilities[k];
  return {top1: tops[k], probability: p[tops[k]], pReference: p[reference], changes};
}

export interface HeatmapRowSummary {
  image: string;
  reference: string;
  /** How many times the top-1 changes along the sweep. */
  changes: number;
  meanReference: number;
  minReference: number;
}

/** One precomputed image sweep (a heatmap row) in four numbers. */
export function summarizeHeatmapRow(row: {image: string; reference_label: string; p_reference: number[]; changes: number[]}): HeatmapRowSummary {
  const p = row.p_reference;
  return {
    image: row.image,
    reference: row.reference_label,
    changes: row.changes.length,
    meanReference: p.length ? p.reduce((a, b) => a + b, 0) / p.length : NaN,
    minReference: p.length ? Math.min(...p) : NaN,
  };
}

/** The heatmap picker's value (URL key "heatmap"): "<model>.<protocol>", e.g. "tiny-darknet.inpaint". */
export const heatmapChoice = (model: string, protocol: string): string => `${model}.${protocol}`;

/** Model ids contain dots ("mobilenet-v1-0.25"), protocols do not: split at the last one. */
export function parseHeatmapChoice(value: string): {model: string; protocol: string} | null {
  const i = value.lastIndexOf(".");
  return i > 0 && i < value.length - 1 ? {model: value.slice(0, i), protocol: value.slice(i + 1)} : null;
}
