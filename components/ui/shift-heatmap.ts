// Images x shifts, coloured by the probability of each image's reference class, with the
// shifts where the top-1 changes marked: the picture of "jaggedness" in Azulay & Weiss
// (JMLR 2019, Fig. A / Fig. 1 bottom), drawn from precomputed sweeps.
import * as Plot from "@observablehq/plot";
import {palette} from "./palette.ts";

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
  const figure = Plot.plot({
    width,
    height: Math.max(120, rows.length * rowHeight + 60),
    marginLeft: 28,
    padding: 0,
    x: {label: "shift (px) →", type: "band", domain: Array.from({length: shifts}, (_, k) => k), tickFormat: (k: number) => (k % 4 === 0 ? String(k) : "")},
    y: {label: "image", type: "band", domain: rows.map((_, i) => i), tickFormat: (i: number) => (i % 5 === 0 ? String(i + 1) : "")},
    color: {type: "linear", scheme: "viridis", domain: [0, 1], label: "P(reference class)", legend: true},
    marks: [
      Plot.cell(cells, {x: "shift", y: "row", fill: "p", title: (d: {image: string; label: string; shift: number; p: number}) => `${d.image}, shift ${d.shift}: P(${d.label}) = ${d.p.toFixed(3)}`}),
      Plot.dot(changes, {x: "shift", y: "row", r: 2, fill: palette.vermillion, stroke: "white", strokeWidth: 0.5}),
    ],
  });
  figure.setAttribute("role", "img");
  const jagged = rows.filter((r) => r.changes.length > 0).length;
  figure.setAttribute("aria-label", `${title}: ${rows.length} images by ${shifts} shifts; the top-1 changes somewhere along the sweep for ${jagged} of ${rows.length} images (red dots).`);
  return figure;
}
