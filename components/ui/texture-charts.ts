// The chapter's two figures: shape bias per observer (humans, the paper's CNNs, the networks we
// measured, our ShapeTex runs) and the per-category plot in the style of Geirhos et al.'s
// Figure 4. Colour AND symbol tell the groups apart (Okabe-Ito colours).
import * as Plot from "@observablehq/plot";
import {palette} from "./palette.ts";

export interface BiasRow {
  name: string;
  shapeBias: number;
  /** "measured" = computed by this site; "quoted" = the paper's number, recomputed from its raw data. */
  source: "measured" | "quoted";
  group: "humans" | "published CNNs" | "ImageNet CNNs (measured here)" | "ShapeTex runs";
  detail?: string;
}

const GROUPS = ["humans", "published CNNs", "ImageNet CNNs (measured here)", "ShapeTex runs"];
const COLOURS = [palette.orange, palette.grey, palette.blue, palette.green];
const SYMBOLS = ["star", "square", "circle", "diamond"];

export function shapeBiasChart(rows: BiasRow[], {width = 640}: {width?: number} = {}): Element {
  const data = rows.filter((r) => Number.isFinite(r.shapeBias));
  const fig = Plot.plot({
    width, height: 40 + 26 * data.length, marginLeft: 250, marginRight: 60,
    x: {domain: [0, 1], label: "shape bias: shape / (shape + texture) decisions →", grid: true, tickFormat: "%"},
    y: {label: null, domain: data.map((d) => d.name)},
    color: {domain: GROUPS, range: COLOURS, legend: true},
    symbol: {domain: GROUPS, range: SYMBOLS},
    marks: [
      Plot.ruleX([0.5], {stroke: "#bbb", strokeDasharray: "3,3"}),
      Plot.ruleY(data, {y: "name", x1: 0, x2: "shapeBias", stroke: "#eee"}),
      Plot.dot(data, {y: "name", x: "shapeBias", fill: "group", symbol: "group", r: 6, title: (d: BiasRow) => `${d.name}: ${(100 * d.shapeBias).toFixed(1)}% (${d.source})${d.detail ? `, ${d.detail}` : ""}`}),
      Plot.text(data, {y: "name", x: "shapeBias", text: (d: BiasRow) => `${(100 * d.shapeBias).toFixed(1)}%${d.source === "quoted" ? " (paper)" : ""}`, dx: 10, textAnchor: "start", fontSize: 11}),
    ],
  });
  fig.setAttribute("role", "img");
  fig.setAttribute("aria-label", "Shape bias per observer: " + data.map((d) => `${d.name} ${(100 * d.shapeBias).toFixed(1)}% (${d.source})`).join("; "));
  return fig;
}

export interface CategorySeries {
  name: string;
  group: BiasRow["group"];
  categories: Array<{category: string; shapeBias: number | null; n: number}>;
}

/**
 * Figure 4 style: one row per category, each observer's fraction of shape decisions among its
 * shape-or-texture decisions on that category's cue-conflict images (0 = all texture, 1 = all shape).
 */
export function categoryBiasChart(series: CategorySeries[], {width = 640}: {width?: number} = {}): Element {
  const data = series.flatMap((s) => s.categories.filter((c) => c.shapeBias !== null && Number.isFinite(c.shapeBias)).map((c) => ({...c, name: s.name, group: s.group})));
  const categories = [...new Set(series.flatMap((s) => s.categories.map((c) => c.category)))];
  const fig = Plot.plot({
    width, height: 40 + 24 * categories.length, marginLeft: 80,
    x: {domain: [0, 1], label: "← fraction of texture decisions · fraction of shape decisions →", grid: true},
    y: {domain: categories, label: null},
    color: {domain: series.map((s) => s.name), legend: true, range: [palette.orange, palette.grey, palette.sky, palette.vermillion, palette.blue, palette.purple, palette.green, "#000000", palette.yellow]},
    marks: [
      Plot.ruleX([0.5], {stroke: "#bbb", strokeDasharray: "3,3"}),
      Plot.dot(data, {y: "category", x: "shapeBias", stroke: "name", symbol: "name", r: 5, strokeWidth: 1.6, title: (d: {name: string; category: string; shapeBias: number; n: number}) => `${d.name}, ${d.category}: ${(100 * d.shapeBias).toFixed(0)}% shape (${d.n} images)`}),
    ],
    symbol: {domain: series.map((s) => s.name), legend: false},
  });
  fig.setAttribute("role", "img");
  fig.setAttribute("aria-label", `Fraction of shape decisions per category for ${series.map((s) => s.name).join(", ")}`);
  return fig;
}
