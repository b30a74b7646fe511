// A Gram matrix as a heatmap: one cell per pair of channels, coloured on viridis (perceptually
// uniform and readable with colour-blindness), with a colour legend and a text summary for
// screen readers. Canvas, not SVG: a 256-channel layer has 65,536 cells.
import * as d3 from "d3";

export interface HeatmapOptions {
  /** What the matrix is, for the caption and aria-label. */
  label: string;
  /** Display side in CSS pixels. */
  size?: number;
  /** Shared colour domain, so two heatmaps can be compared cell by cell. */
  domain?: [number, number];
}

export function gramHeatmap(values: ArrayLike<number>, channels: number, {label, size = 240, domain}: HeatmapOptions): HTMLElement {
  if (values.length !== channels * channels) throw new Error(`a Gram matrix of ${channels} channels needs ${channels * channels} values, got ${values.length}`);
  const [lo, hi] = domain ?? (d3.extent(Array.from(values)) as [number, number]);
  const color = d3.scaleSequential(d3.interpolateViridis).domain([lo, hi === lo ? lo + 1 : hi]);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = channels;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(channels, channels);
  for (let i = 0; i < values.length; i++) {
    const c = d3.rgb(color(values[i]));
    img.data.set([c.r, c.g, c.b, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
  canvas.className = "cnn-gram-heatmap";
  Object.assign(canvas.style, {width: `${size}px`, height: `${size}px`, imageRendering: "pixelated"});
  let trace = 0;
  for (let i = 0; i < channels; i++) trace += values[i * channels + i];
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `${label}: ${channels}×${channels} Gram matrix, trace ${trace.toPrecision(4)}, values from ${lo.toPrecision(3)} to ${hi.toPrecision(3)}`);
  const legend = document.createElement("div");
  legend.className = "cnn-gram-legend";
  const ramp = document.createElement("canvas");
  ramp.width = 128;
  ramp.height = 1;
  const rctx = ramp.getContext("2d")!;
  for (let x = 0; x < 128; x++) {
    rctx.fillStyle = d3.interpolateViridis(x / 127);
    rctx.fillRect(x, 0, 1, 1);
  }
  Object.assign(ramp.style, {width: `${Math.min(size, 160)}px`, height: "10px", verticalAlign: "middle", margin: "0 0.4em"});
  legend.append(lo.toPrecision(3), ramp, hi.toPrecision(3));
  const figure = document.createElement("figure");
  figure.className = "cnn-figure cnn-gram";
  const caption = document.createElement("figcaption");
  caption.textContent = `${label} (${channels}×${channels}; row i, column j = mean over positions of channel i × channel j; trace ${trace.toPrecision(4)})`;
  figure.append(canvas, legend, caption);
  return figure;
}
