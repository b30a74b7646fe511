// Distribution of a layer's activations over the sample images (log count, since ReLU
// layers put most of their mass at exactly zero).
import * as Plot from "@observablehq/plot";
import type {HistogramSummary} from "../stats/histogram.ts";
import {palette} from "./palette.ts";

/** 0, 1, 10, 100, … up to `max`: symlog's own ticks crowd together. */
function powersOfTen(max: number): number[] {
  const ticks = [0];
  for (let t = 1; t <= max; t *= 10) ticks.push(t);
  return ticks;
}

export function activationHistogram(summary: HistogramSummary, {layer, width = 640, height = 200}: {layer: string; width?: number; height?: number}): Element {
  const figure = Plot.plot({
    width, height,
    marginLeft: 50,
    x: {label: `${layer} activation →`},
    y: {label: "↑ count", type: "symlog", grid: true, ticks: powersOfTen(Math.max(...summary.bins.map((b) => b.count))), tickFormat: (d: number) => (d >= 1e6 ? `${d / 1e6}M` : d >= 1e3 ? `${d / 1e3}k` : String(d))},
    marks: [
      Plot.rectY(summary.bins, {x1: "x0", x2: "x1", y: "count", fill: palette.blue, title: (b: {x0: number; x1: number; count: number}) => `${b.x0.toFixed(2)}–${b.x1.toFixed(2)}: ${b.count}`}),
      Plot.ruleY([0]),
    ],
  });
  figure.setAttribute("role", "img");
  figure.setAttribute("aria-label", `Histogram of ${layer} activations over ${summary.n.toLocaleString("en")} values: mean ${summary.mean.toFixed(3)}, max ${summary.max.toFixed(2)}, ${(100 * summary.fractionZero).toFixed(0)}% exactly zero.`);
  return figure;
}
