// The precomputed side of the feature-visualization chapter, following a picker: the render
// of the chosen channel with its caption, the whole layer as one sheet, and the layer's
// activation histogram over the sample images. Nothing here runs a network: it is all
// read from the render atlas and the histogram files made at build time.
import {hasRenders, tileDescription, type ActivationHistograms} from "../../featvis/atlas.ts";
import {spriteTile, tileScale} from "../../ui/sprite.ts";
import {activationHistogram} from "../../ui/activation-histogram.ts";
import {chartWithTable} from "../../ui/data-table.ts";
import {describeChart} from "../../ui/chart-a11y.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import type {FeatvisPick, FeatvisPicker} from "./picker.ts";

/** The width a chart gets in `el` (its axes stay legible on a phone), 640 px at most. */
export const chartWidth = (el: HTMLElement): number => Math.max(280, Math.min(640, el.clientWidth || 640));

export const BROWSER_WIDGET = "featvis-browser";

/** A figure that follows the picker; `dispose` stops following it. */
export type FollowingFigure = HTMLElement & {dispose(): void};

function follow(root: HTMLElement, picker: FeatvisPicker, update: (pick: FeatvisPick) => void): FollowingFigure {
  const figure = root as FollowingFigure;
  figure.dispose = picker.onPick(update);
  update(picker.value);
  return figure;
}

export interface TileOptions {
  /** Where to send a reader when the network has no precomputed renders. */
  noRendersHint?: string;
  /** Report the shown channel as this widget's result (off when another figure reports). */
  report?: boolean;
}

/**
 * The precomputed render of the picked channel (canvas #featvis-tile, with data-layer and
 * data-channel) and a caption that is announced when it changes.
 */
export function featvisTile(picker: FeatvisPicker, {noRendersHint = "", report = true}: TileOptions = {}): FollowingFigure {
  const root = document.createElement("figure");
  root.className = "cnn-figure cnn-featvis-tile";
  let canvas: HTMLCanvasElement | null = null;
  const caption = document.createElement("figcaption");
  caption.setAttribute("aria-live", "polite");
  root.append(caption);
  let ticket = 0;
  return follow(root, picker, async (pick) => {
    const mine = ++ticket;
    const {sheet, atlas, channel} = pick;
    const i = sheet.channels.indexOf(channel);
    root.dataset.model = pick.model;
    root.dataset.layer = pick.layer;
    root.dataset.channel = String(channel);
    if (!hasRenders(sheet)) {
      canvas?.remove();
      canvas = null;
      root.dataset.state = "none";
      caption.id = "featvis-no-renders";
      caption.textContent = `No precomputed renders for ${pick.modelName}: ${sheet.layer} channel ${channel} has not been rendered ahead of time.${noRendersHint ? ` ${noRendersHint}` : ""}`;
      if (report) reportResult(BROWSER_WIDGET, {model: pick.model, layer: pick.layer, channel, rendered: false});
      return;
    }
    try {
      const next = await spriteTile(sheet, channel, tileScale(sheet), document.createElement("canvas"), pick.modelName);
      if (mine !== ticket) return;
      next.id = "featvis-tile";
      next.dataset.layer = sheet.layer;
      next.dataset.channel = String(channel);
      if (canvas) canvas.replaceWith(next);
      else root.prepend(next);
      canvas = next;
      caption.removeAttribute("id");
      caption.textContent = `${pick.modelName} · ${sheet.layer} channel ${channel}: mean activation ${sheet.objective[i].toFixed(2)} after ${atlas.steps} steps (${atlas.recipe}, seed ${atlas.seed}).`;
      root.dataset.state = "done";
      if (report) reportResult(BROWSER_WIDGET, {model: pick.model, layer: pick.layer, channel, rendered: true, objective: sheet.objective[i], steps: atlas.steps});
    } catch (e) {
      if (mine !== ticket) return;
      root.dataset.state = "error";
      caption.textContent = `Could not show the render: ${e instanceof Error ? e.message : String(e)}`;
    }
  });
}

/** "The whole layer at once": the layer's sprite sheet behind a disclosure. */
export function featvisLayerSheet(picker: FeatvisPicker): FollowingFigure {
  const root = document.createElement("details");
  root.className = "cnn-featvis-sheet";
  const summary = document.createElement("summary");
  summary.textContent = "The whole layer at once";
  const body = document.createElement("div");
  root.append(summary, body);
  let shown = "";
  return follow(root, picker, (pick) => {
    const {sheet} = pick;
    const key = `${pick.model}/${sheet.layer}`;
    if (key === shown) return;
    shown = key;
    if (!hasRenders(sheet)) {
      const p = document.createElement("p");
      p.className = "cnn-missing";
      p.textContent = `No precomputed renders for ${pick.modelName}.`;
      body.replaceChildren(p);
      return;
    }
    const img = document.createElement("img");
    img.src = sheet.png!;
    img.alt = `All ${sheet.channels.length} precomputed renders of ${pick.modelName} layer ${sheet.layer}, channels ${sheet.channels[0]} to ${sheet.channels[sheet.channels.length - 1]}, ${sheet.columns} per row, in channel order left to right`;
    img.className = "cnn-sheet";
    img.style.width = `${Math.min(640, sheet.columns * sheet.tile * 2)}px`;
    body.replaceChildren(img);
  });
}

/** The layer's activation histogram over the sample images, as a chart, a table and a sentence. */
export function featvisHistogram(picker: FeatvisPicker, histogramsFor: (model: string) => Promise<ActivationHistograms | null>): FollowingFigure {
  const root = document.createElement("div");
  root.className = "cnn-featvis-histogram";
  const chart = document.createElement("div");
  const summary = document.createElement("p");
  summary.setAttribute("aria-live", "polite");
  root.append(chart, summary);
  let ticket = 0;
  let shown = "";
  return follow(root, picker, async (pick) => {
    const key = `${pick.model}/${pick.layer}`;
    if (key === shown) return;
    shown = key;
    const mine = ++ticket;
    const set = await histogramsFor(pick.model).catch(() => null);
    if (mine !== ticket) return;
    const h = set?.layers.find((l) => l.layer === pick.layer);
    root.dataset.layer = pick.layer;
    if (!set || !h) {
      chart.replaceChildren();
      summary.textContent = `No precomputed activation histogram for ${pick.modelName} ${pick.layer}.`;
      return;
    }
    const sentence = `${pick.layer}: ${(100 * h.fractionZero).toFixed(0)}% of ${h.n.toLocaleString("en")} activations are exactly zero over ${set.images.length} sample images; mean ${h.mean.toFixed(3)}, max ${h.max.toFixed(2)}.`;
    const plot = describeChart(activationHistogram(h, {layer: pick.layer, width: chartWidth(chart)}), `Histogram of ${pick.modelName} ${pick.layer} activations over ${set.images.length} sample images (count on a symmetric-log scale). ${sentence}`);
    const wasOpen = chart.querySelector("details")?.open ?? false;
    const figure = chartWithTable(plot, {
      caption: `Activations of ${pick.layer} over ${set.images.length} sample images, per bin`,
      columns: ["From", "To", "Count"],
      rows: h.bins.map((b) => [b.x0, b.x1, b.count]),
    });
    figure.querySelector("details")!.open = wasOpen;
    chart.replaceChildren(figure);
    summary.textContent = sentence;
  });
}
