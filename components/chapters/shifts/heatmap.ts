// Images x shifts, coloured by the probability of each image's reference class, with the
// shifts where the top-1 changes marked: the picture of "jaggedness" in Azulay & Weiss
// (JMLR 2019, Fig. A / Fig. 1 bottom), drawn from precomputed sweeps. `jaggednessFigure` adds
// the picker (network and protocol, URL key "heatmap"), the table view and the summary.
import * as Plot from "@observablehq/plot";
import {heatmapChoice, parseHeatmapChoice, summarizeHeatmapRow} from "../../shift/readout.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {describeChart} from "../../ui/chart-a11y.ts";
import {selectInput} from "../../ui/controls.ts";
import {chartWithTable} from "../../ui/data-table.ts";
import {palette} from "../../ui/palette.ts";
import {replaceKeepingOpen} from "./view.ts";

export interface HeatmapRow {
  image: string;
  reference_label: string;
  p_reference: number[];
  changes: number[];
}

export function shiftHeatmap(rows: HeatmapRow[], {title, width = 640, rowHeight = 12}: {title: string; width?: number; rowHeight?: number}): Element {
  const cells = rows.flatMap((r, i) => r.p_reference.map((p, k) => ({row: i, image: r.image, label: r.reference_label, shift: k, p})));
  const changes = rows.flatMap((r, i) => r.changes.map((k) => ({row: i, shift: k})));
  const shifts = rows[0]?.p_reference.length ?? 0;
  const plot = Plot.plot({
    width,
    height: Math.max(120, rows.length * rowHeight + 40),
    marginLeft: 40,
    padding: 0,
    x: {label: "shift (px) →", type: "band", domain: Array.from({length: shifts}, (_, k) => k), tickFormat: (k: number) => (k % 4 === 0 ? String(k) : "")},
    y: {label: "image", type: "band", domain: rows.map((_, i) => i), tickFormat: (i: number) => (i % 5 === 0 ? String(i + 1) : "")},
    color: {type: "linear", scheme: "viridis", domain: [0, 1], label: "P(reference class)"},
    marks: [
      Plot.cell(cells, {x: "shift", y: "row", fill: "p", title: (d: {image: string; label: string; shift: number; p: number}) => `${d.image}, shift ${d.shift}: P(${d.label}) = ${d.p.toFixed(3)}`}),
      Plot.dot(changes, {x: "shift", y: "row", r: 2, fill: palette.vermillion, stroke: "white", strokeWidth: 0.5}),
    ],
  });
  // the colour ramp as its own element, so the chart is the one image the description names
  const figure = document.createElement("div");
  figure.className = "cnn-shift-heatmap";
  const legend = plot.legend("color", {width: Math.min(260, width), marginLeft: 12, marginRight: 12});
  if (legend) {
    legend.setAttribute("aria-hidden", "true"); // the description and the table carry the same
    figure.append(legend);
  }
  figure.append(plot);
  const jagged = rows.filter((r) => r.changes.length > 0).length;
  describeChart(plot, `${title}: ${rows.length} images by ${shifts} shifts, coloured by the probability of each image's reference class (viridis: dark low, yellow high); the top-1 changes somewhere along the sweep for ${jagged} of ${rows.length} images (red dots).`);
  return figure;
}

interface HeatmapProtocol {
  metrics: {p_top1_change: number; consistency: number};
  per_image: HeatmapRow[];
}

export interface HeatmapRecord {
  model: string;
  name?: string;
  missing?: string;
  protocols: Record<string, HeatmapProtocol | undefined>;
}

export interface JaggednessOptions {
  width?: number;
  /** URL key of the picker (e.g. "heatmap"). */
  param?: string;
  /** Widget name for reportResult (e.g. "shift-heatmap"). */
  report?: string;
}

/** The picker, the heatmap of the picked network and protocol with its table, and a sentence. */
export function jaggednessFigure(records: HeatmapRecord[], {width = 640, param, report}: JaggednessOptions = {}): HTMLElement {
  const root = document.createElement("div");
  root.className = "cnn-jaggedness";
  const present = records.filter((r) => !r.missing);
  const options = present.flatMap((r) => Object.keys(r.protocols).map((p) => ({value: heatmapChoice(r.model, p), text: `${r.name ?? r.model}, ${p}`})));
  if (!options.length) {
    root.textContent = "No precomputed sweeps are in this build.";
    return root;
  }
  const pick = selectInput({label: "Heatmap of", options, param});
  const chart = document.createElement("div");
  const summary = document.createElement("p");
  summary.className = "cnn-jaggedness-summary";
  summary.setAttribute("aria-live", "polite");
  root.append(pick, chart, summary);

  function draw(): void {
    const choice = parseHeatmapChoice(pick.value);
    const r = present.find((d) => d.model === choice?.model);
    const s = choice && r?.protocols[choice.protocol];
    if (!choice || !r || !s) return;
    const name = r.name ?? r.model;
    const rows = s.per_image;
    const heatmap = shiftHeatmap(rows, {title: `${name} (${choice.protocol})`, width, rowHeight: rows.length > 20 ? 9 : 16});
    const perImage = rows.map(summarizeHeatmapRow);
    replaceKeepingOpen(chart, chartWithTable(heatmap, {
      caption: `${name}, ${choice.protocol}: each image's reference class, how often its top-1 changes along the sweep, and the probability of the reference class over the ${rows[0]?.p_reference.length ?? 0} shifts`,
      columns: ["Image", "Reference class", "Top-1 changes", "At shifts", "Mean P(reference)", "Lowest P(reference)"],
      rows: perImage.map((d, i) => [d.image, d.reference, d.changes, rows[i].changes.join(", "), d.meanReference, d.minReference]),
    }));
    const jagged = perImage.filter((d) => d.changes > 0).length;
    summary.textContent = `${name}, ${choice.protocol}: the top-1 changes along the sweep for ${jagged} of ${rows.length} images; P(top-1 change) ${(100 * s.metrics.p_top1_change).toFixed(1)}%, consistency ${(100 * s.metrics.consistency).toFixed(1)}%.`;
    root.dataset.model = r.model;
    root.dataset.protocol = choice.protocol;
    root.dataset.jagged = String(jagged);
    if (report) reportResult(report, {model: r.model, protocol: choice.protocol, images: rows.length, imagesWithChanges: jagged, pTop1Change: s.metrics.p_top1_change, consistency: s.metrics.consistency});
  }
  pick.addEventListener("input", draw);
  draw();
  return root;
}
