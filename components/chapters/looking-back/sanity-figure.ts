// The sanity check (Adebayo et al. 2018, with erratum): saliency maps while the network's
// weights are redrawn from the top, side by side per step, and their rank correlation with the
// trained network's maps. Runs when the reader presses the button (it is the slowest figure).
import * as tf from "@tensorflow/tfjs";
import {cascadingRandomization, SANITY_METHODS, type SanityStep} from "../../backward/sanity.ts";
import type {LayersZoo} from "../../backward/layers-zoo.ts";
import {selectInput} from "../../ui/controls.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {modelInputCanvas} from "../../ui/classify.ts";
import {progressWidget} from "../../ui/progress.ts";
import {chartWithTable} from "../../ui/data-table.ts";
import {describeChart} from "../../ui/chart-a11y.ts";
import {heatRgba, rgbaCanvas, statusLine} from "./canvas.ts";
import {imageSource, type Sample} from "./image-source.ts";
import {RULE_NAMES} from "./three-rules.ts";

export interface LayersChoice {
  id: string;
  name: string;
  load(): Promise<LayersZoo>;
}

export type SanityElement = HTMLElement & {dispose(): void; ready: Promise<void>};

const COLOURS = {backprop: "#d62728", guided: "#1f77b4"};

/** Rank correlation against the number of randomized layers, one line per method. */
function correlationChart(steps: SanityStep[]): SVGSVGElement {
  const w = 420, h = 220, m = {l: 40, r: 10, t: 10, b: 36};
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.style.maxWidth = "100%";
  const maxN = Math.max(1, ...steps.map((s) => s.randomized.length));
  const X = (n: number) => m.l + ((w - m.l - m.r) * n) / maxN, Y = (v: number) => m.t + ((h - m.t - m.b) * (1 - v)) / 2; // v in [-1, 1]
  const line = (x1: number, y1: number, x2: number, y2: number, stroke = "#999") => {
    const l = document.createElementNS(ns, "line");
    Object.entries({x1, y1, x2, y2, stroke}).forEach(([k, v]) => l.setAttribute(k, String(v)));
    svg.append(l);
  };
  const text = (x: number, y: number, s: string, anchor = "middle") => {
    const t = document.createElementNS(ns, "text");
    Object.entries({x, y, "text-anchor": anchor, "font-size": 11}).forEach(([k, v]) => t.setAttribute(k, String(v)));
    t.textContent = s;
    svg.append(t);
  };
  for (const v of [-1, 0, 1]) (line(m.l, Y(v), w - m.r, Y(v), "#ddd"), text(m.l - 4, Y(v) + 4, String(v), "end"));
  text((w + m.l) / 2, h - 6, "layers randomized, from the top");
  text(X(0), h - m.b + 14, "0");
  text(X(maxN), h - m.b + 14, String(maxN));
  for (const method of SANITY_METHODS) {
    const p = document.createElementNS(ns, "polyline");
    p.setAttribute("points", steps.map((s) => `${X(s.randomized.length)},${Y(s.rankCorrelation[method])}`).join(" "));
    p.setAttribute("fill", "none");
    p.setAttribute("stroke", COLOURS[method]);
    p.setAttribute("stroke-width", "2");
    svg.append(p);
    const last = steps.at(-1)!;
    text(X(last.randomized.length) - 4, Y(last.rankCorrelation[method]) - 6, RULE_NAMES[method], "end");
  }
  return svg;
}

export function sanityFigure({models, samples, widget = "sanity-check"}: {models: LayersChoice[]; samples: Sample[]; widget?: string}): SanityElement {
  const root = document.createElement("div") as unknown as SanityElement;
  root.className = "cnn-sanity";
  root.id = widget;
  const modelSelect = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name})), param: "sanity.model"});
  const source = imageSource(samples, "sanity.");
  const run = document.createElement("button");
  run.type = "button";
  run.className = "cnn-live-start"; // the site's mark of a button that starts cancellable live work
  run.textContent = "Randomize, layer by layer";
  const status = statusLine();
  const progressSlot = document.createElement("div");
  const grid = document.createElement("div");
  grid.className = "cnn-sanity-grid";
  const chartSlot = document.createElement("div");
  root.append(modelSelect, source, run, progressSlot, status, chartSlot, grid);
  let ticket = 0;

  async function go(): Promise<void> {
    const img = source.image;
    if (!img) return;
    const mine = ++ticket;
    const progress = progressWidget("Randomizing");
    progressSlot.replaceChildren(progress.element);
    root.dataset.state = "busy";
    let m: LayersZoo | null = null;
    try {
      m = await models.find((x) => x.id === modelSelect.value)!.load();
      const n = m.weighted.length;
      const k = Math.min(n, 8); // at most 8 steps: enough to see the trend, short enough to wait for
      const checkpoints = [...new Set(Array.from({length: k}, (_, i) => Math.round(((i + 1) * n) / k)))];
      const input = modelInputCanvas(img.pixels, m.zoo.inputSize);
      const x = tf.tidy(() => tf.browser.fromPixels(input, 3).toFloat().div(255).expandDims(0) as tf.Tensor4D);
      let r;
      try {
        r = await cascadingRandomization(m, x, {checkpoints, keepMaps: true, onProgress: (done, total) => {
          if (progress.signal.aborted || mine !== ticket) throw new DOMException("cancelled", "AbortError");
          progress.update(done, total);
        }});
      } finally {
        x.dispose();
      }
      if (mine !== ticket) return;
      progress.finish("Done.");
      const [h, w] = m.zoo.inputSize;
      const label = m.zoo.labels[r.classIndex];
      const cells: HTMLElement[] = [];
      for (const s of r.steps) {
        const col = document.createElement("figure");
        for (const method of SANITY_METHODS) {
          const v = s.maps![method];
          const sorted = Float32Array.from(v).sort();
          const top = sorted[Math.floor(0.99 * (sorted.length - 1))] || 1;
          col.append(rgbaCanvas(heatRgba(v, h, w, 0, top), 96, `${RULE_NAMES[method]} map after randomizing ${s.randomized.length} layers; rank correlation with the original ${s.rankCorrelation[method].toFixed(2)}`));
        }
        const cap = document.createElement("figcaption");
        cap.textContent = s.randomized.length ? `+ ${s.layer} (${s.randomized.length})` : "trained";
        col.append(cap);
        cells.push(col);
      }
      grid.replaceChildren(...cells);
      const chart = describeChart(correlationChart(r.steps), `Rank correlation with the trained network's map against the number of randomized layers: ${SANITY_METHODS.map((k) => `${RULE_NAMES[k]} ends at ${r.steps.at(-1)!.rankCorrelation[k].toFixed(2)}`).join("; ")}`);
      chartSlot.replaceChildren(chartWithTable(chart, {
        caption: `Spearman rank correlation of |map| with the trained network's, class “${label}”`,
        columns: ["Layers randomized", "Last layer redrawn", RULE_NAMES.backprop, RULE_NAMES.guided],
        rows: r.steps.map((s) => [s.randomized.length, s.layer || "(none)", s.rankCorrelation.backprop, s.rankCorrelation.guided]),
      }));
      status.textContent = `${m.zoo.name}, class “${label}”: rows are plain gradients (top) and guided backprop (bottom).`;
      root.dataset.state = "done";
      reportResult(widget, {model: m.zoo.id, image: img.title, class: label, steps: r.steps.map((s) => ({randomized: s.randomized.length, layer: s.layer, rankCorrelation: s.rankCorrelation}))});
    } catch (e) {
      if (mine !== ticket) return;
      const aborted = e instanceof DOMException && e.name === "AbortError";
      progress.finish(aborted ? "Cancelled." : "Failed.");
      status.textContent = aborted ? "Cancelled." : `Could not run the check: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = aborted ? "cancelled" : "error";
    } finally {
      m?.zoo.dispose();
    }
  }

  run.addEventListener("click", () => void go());
  root.ready = source.ready;
  root.dispose = () => void ticket++;
  return root;
}
