// The chapter's two charts: shape bias per observer (humans, the paper's CNNs, the networks we
// measured, our ShapeTex runs) and the per-category plot in the style of Geirhos et al.'s
// Figure 4; and the single-cue accuracy table. Colour AND symbol tell the groups apart
// (Okabe-Ito colours); every chart says what it shows in words and carries its numbers as a table.
import * as Plot from "@observablehq/plot";
import {palette} from "../../ui/palette.ts";
import {describeChart} from "../../ui/chart-a11y.ts";
import {chartWithTable} from "../../ui/data-table.ts";
import {scrollRegion, tableWithHeader} from "../../ui/table.ts";
import {wilsonInterval} from "../../stats/wilson.ts";

export interface BiasRow {
  name: string;
  shapeBias: number;
  /** "measured" = computed by this site; "quoted" = the paper's number, recomputed from its raw data. */
  source: "measured" | "quoted";
  group: "humans" | "published CNNs" | "ImageNet CNNs (measured here)" | "ShapeTex runs";
  detail?: string;
  /** 95% Wilson interval over the row's shape-or-texture decisions (absent when the counts are unknown). */
  interval?: {low: number; high: number; n: number};
}

const GROUPS = ["humans", "published CNNs", "ImageNet CNNs (measured here)", "ShapeTex runs"];
const COLOURS = [palette.orange, palette.grey, palette.blue, palette.green];
const SYMBOLS = ["star", "square", "circle", "diamond"];
/** Below this width the names move above their rows (a 250 px name column leaves no plot on a phone). */
const NARROW = 560;

const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;
const valueText = (d: BiasRow) => `${pct(d.shapeBias)}${d.source === "quoted" ? " (paper)" : ""}`;
const ciText = (d: BiasRow) => (d.interval ? `, 95% CI ${pct(d.interval.low, 0)}–${pct(d.interval.high, 0)} of ${d.interval.n} decisions` : "");

export function shapeBiasChart(rows: BiasRow[], {width = 640}: {width?: number} = {}): Element {
  const data = rows.filter((r) => Number.isFinite(r.shapeBias));
  const narrow = width < NARROW;
  const fig = Plot.plot({
    width, height: 40 + (narrow ? 46 : 26) * data.length,
    marginLeft: narrow ? 10 : 250, marginRight: narrow ? 16 : 100, marginTop: narrow ? 34 : undefined,
    x: {domain: [0, 1], label: narrow ? "shape bias →" : "shape bias: shape / (shape + texture) decisions →", grid: true, tickFormat: "%"},
    y: {label: null, domain: data.map((d) => d.name), axis: narrow ? null : "left"},
    color: {domain: GROUPS, range: COLOURS, legend: true},
    symbol: {domain: GROUPS, range: SYMBOLS},
    marks: [
      Plot.ruleX([0.5], {stroke: "#bbb", strokeDasharray: "3,3"}),
      Plot.ruleY(data, {y: "name", x1: 0, x2: "shapeBias", stroke: "#eee"}),
      // the 95% interval: wide for the few dozen decisions measured here, thin for the paper's thousands
      Plot.ruleY(data.filter((d) => d.interval), {y: "name", x1: (d: BiasRow) => d.interval!.low, x2: (d: BiasRow) => d.interval!.high, stroke: "group", strokeWidth: 2.5, strokeOpacity: 0.6}),
      Plot.dot(data, {y: "name", x: "shapeBias", fill: "group", symbol: "group", r: 6, title: (d: BiasRow) => `${d.name}: ${pct(d.shapeBias)}${ciText(d)} (${d.source})${d.detail ? `, ${d.detail}` : ""}`}),
      narrow
        ? Plot.text(data, {y: "name", x: 0, text: (d: BiasRow) => `${d.name}: ${valueText(d)}`, textAnchor: "start", lineAnchor: "bottom", dy: -9, fontSize: 11, lineWidth: Math.max(16, (width - 30) / 6)})
        : Plot.text(data, {y: "name", x: (d: BiasRow) => Math.max(d.shapeBias, d.interval?.high ?? 0), text: valueText, dx: 8, textAnchor: "start", fontSize: 11}), // right of the interval, not over it
    ],
  });
  return describeChart(fig, "Shape bias per observer: " + data.map((d) => `${d.name} ${pct(d.shapeBias)} (${d.source})`).join("; "));
}

/**
 * The humans-vs-networks chart with its numbers behind "Show as a table" and `note`, the
 * visible caption that says which rows are quoted, which measured, and on which stimuli.
 */
export function shapeBiasFigure(rows: BiasRow[], {width = 640, note}: {width?: number; note?: string} = {}): HTMLElement {
  const data = rows.filter((r) => Number.isFinite(r.shapeBias));
  return chartWithTable(shapeBiasChart(data, {width}), {
    caption: "Shape bias per observer (shape decisions / (shape + texture decisions) on cue-conflict images)",
    columns: ["observer", "group", "shape bias", "95% interval (Wilson)", "source", "decisions"],
    rows: data.map((d) => [d.name, d.group, pct(d.shapeBias), d.interval ? `${pct(d.interval.low)}–${pct(d.interval.high)} (n = ${d.interval.n})` : "", d.source === "quoted" ? "quoted (the paper's raw data)" : "measured here", d.detail ?? ""]),
    note,
  });
}

export interface CategorySeries {
  name: string;
  group: BiasRow["group"];
  /** n = images of the category; decisions = how many of them were decided by shape or texture. */
  categories: Array<{category: string; shapeBias: number | null; n: number; decisions?: number}>;
}

const SERIES_COLOURS = [palette.orange, palette.grey, palette.sky, palette.vermillion, palette.blue, palette.purple, palette.green, "#000000", palette.yellow];

/**
 * Figure 4 style: one row per category, each observer's fraction of shape decisions among its
 * shape-or-texture decisions on that category's cue-conflict images (0 = all texture, 1 = all shape).
 */
export function categoryBiasChart(series: CategorySeries[], {width = 640}: {width?: number} = {}): Element {
  const data = series.flatMap((s) => s.categories.filter((c) => c.shapeBias !== null && Number.isFinite(c.shapeBias)).map((c) => ({...c, name: s.name, group: s.group})));
  const categories = [...new Set(series.flatMap((s) => s.categories.map((c) => c.category)))];
  const fig = Plot.plot({
    width, height: 40 + 24 * categories.length, marginLeft: 80, marginRight: 16,
    x: {domain: [0, 1], label: width < NARROW ? "← texture · shape →" : "← fraction of texture decisions · fraction of shape decisions →", grid: true},
    y: {domain: categories, label: null},
    color: {domain: series.map((s) => s.name), legend: true, range: SERIES_COLOURS},
    marks: [
      Plot.ruleX([0.5], {stroke: "#bbb", strokeDasharray: "3,3"}),
      Plot.dot(data, {y: "category", x: "shapeBias", stroke: "name", symbol: "name", r: 5, strokeWidth: 1.6, title: (d: {name: string; category: string; shapeBias: number; n: number; decisions?: number}) => `${d.name}, ${d.category}: ${(100 * d.shapeBias).toFixed(0)}% shape (${d.decisions === undefined ? "" : `${d.decisions} shape-or-texture decisions of `}${d.n} images)`}),
    ],
    symbol: {domain: series.map((s) => s.name), legend: false},
  });
  const humans = series.find((s) => s.group === "humans");
  const mostlyShape = (s: CategorySeries) => s.categories.filter((c) => c.shapeBias !== null && c.shapeBias > 0.5).length;
  return describeChart(fig, `Fraction of shape decisions per category (${categories.length} categories) for ${series.map((s) => s.name).join(", ")}.` +
    (humans ? ` Humans decide by shape more often than by texture in ${mostlyShape(humans)} of ${humans.categories.length} categories;` : "") +
    ` ${series.filter((s) => s !== humans).map((s) => `${s.name} in ${mostlyShape(s)}`).join(", ")}.`);
}

/** The per-category chart with its numbers (one column per observer) behind "Show as a table". */
export function categoryBiasFigure(series: CategorySeries[], {width = 640, note}: {width?: number; note?: string} = {}): HTMLElement {
  const categories = [...new Set(series.flatMap((s) => s.categories.map((c) => c.category)))];
  return chartWithTable(categoryBiasChart(series, {width}), {
    caption: "Fraction of shape decisions among shape-or-texture decisions, per shape category",
    columns: ["category", ...series.map((s) => s.name)],
    rows: categories.map((c) => [c, ...series.map((s) => {
      const v = s.categories.find((x) => x.category === c)?.shapeBias;
      const x = s.categories.find((x) => x.category === c);
      if (v === null || v === undefined || !Number.isFinite(v)) return x?.decisions === 0 ? "n/a (0 decisions)" : "n/a";
      return `${Math.round(100 * v)}%${x?.decisions === undefined ? "" : ` (${x.decisions} decisions)`}`;
    })]),
    note,
  });
}

/**
 * A table in a box that scrolls sideways on a phone; the box can take keyboard focus, so the
 * hidden columns can be reached without a mouse.
 */
export function scrollingTable(table: HTMLTableElement, label: string): HTMLElement {
  return scrollRegion(table, label, "cnn-texture-table");
}

export interface SingleCueRow {
  name: string;
  edges?: number;
  silhouettes?: number;
  /** Images behind each accuracy (for its interval). */
  edgesN?: number;
  silhouettesN?: number;
  shapeBias: number;
}

/** "24.4% (95% CI 18–31%, n = 160)": an accuracy over n images with its Wilson interval. */
export function accuracyCell(accuracy: number | undefined, n: number | undefined): string {
  if (accuracy === undefined || !Number.isFinite(accuracy)) return "n/a";
  if (!n) return pct(accuracy);
  const {low, high} = wilsonInterval(Math.round(accuracy * n), n);
  return `${pct(accuracy)} (95% CI ${Math.round(100 * low)}–${Math.round(100 * high)}%, n = ${n})`;
}

/** Accuracy on the paper's edge and silhouette stimuli (their Figure 2), beside the shape bias. */
export function singleCueTable(rows: SingleCueRow[]): HTMLElement {
  const {table, body} = tableWithHeader("cnn-texture-single-cue", ["network", "edges", "filled silhouettes", "cue conflict: shape bias"]);
  table.createCaption().textContent = "Share of single-cue images each network gets right (chance: 6.25%)";
  for (const r of rows) {
    const tr = body.insertRow();
    for (const t of [r.name, accuracyCell(r.edges, r.edgesN), accuracyCell(r.silhouettes, r.silhouettesN), Number.isFinite(r.shapeBias) ? pct(r.shapeBias) : "n/a"]) tr.insertCell().textContent = t;
  }
  return scrollingTable(table, "Accuracy on edge and silhouette stimuli");
}
