// "A Gram matrix ignores position", as a figure: an image and its patch-shuffled copy, the
// Gram matrix of one layer for each (viridis heatmaps on a shared scale), and how far each
// moved. The image and layer pickers live in the URL ("image", "layer"); the distances are
// announced (role=status) and reported (reportResult "gram-shuffle"); the heatmaps' numbers
// are a table (summary numbers and the largest entries: a full C×C matrix is too big).
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../../zoo/types.ts";
import {gramMatrix, summarizeGramValues, type GramSummary} from "../../gram/gram.ts";
import {readAndDispose} from "../../tf/read.ts";
import {shuffleComparison} from "../../gram/position.ts";
import {gramLayers} from "../../gram/defaults.ts";
import {percent, pickByPattern, topEntries} from "../../gram/params.ts";
import {toRGBA, type RGBAImage} from "../../featvis/render.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {selectInput} from "../../ui/controls.ts";
import {imageSelect, paramKey} from "./controls.ts";
import {gramHeatmap} from "./heatmap.ts";
import {chartWithTable, type Cell} from "../../ui/data-table.ts";
import {drawRGBA, imageTensor, type GramImage, type LiveWidget} from "./live.ts";

export const SHUFFLE_WIDGET = "gram-shuffle";

export interface ShuffleOptions {
  model: ZooModel;
  images: GramImage[];
  /** URL key prefix of the pickers (none: "image" and "layer", the chapter page's keys). */
  params?: string;
  size?: number;
  patch?: number;
  seed?: number;
  /** Starting image id (default: the brick wall, else the first). */
  image?: string;
}

/** The figure, and `ready`: settles once the first comparison is drawn. */
export type ShuffleWidget = LiveWidget & {ready: Promise<void>};

interface Comparison {
  layer: string;
  channels: number;
  original: Float32Array;
  shuffled: Float32Array;
  summaries: [GramSummary, GramSummary];
  featureDistance: number;
  gramDistance: number;
  pictures: [RGBAImage, RGBAImage];
}

async function compare(model: ZooModel, img: GramImage, layer: string, {size, patch, seed}: {size: number; patch: number; seed: number}): Promise<Comparison> {
  const x = imageTensor(img.image, size);
  let shuffled: tf.Tensor4D | null = null;
  try {
    const c = await shuffleComparison(model, x, layer, {patch, seed});
    shuffled = c.shuffled;
    const [g0, g1] = tf.tidy(() => [gramMatrix(model.activations(x, [layer])[0]), gramMatrix(model.activations(c.shuffled, [layer])[0])]);
    const channels = g0.shape[2];
    const [original, shuffledGram] = await Promise.all([readAndDispose(g0), readAndDispose(g1)]) as [Float32Array, Float32Array];
    const grams = {
      channels, original, shuffled: shuffledGram,
      summaries: [summarizeGramValues(original, channels), summarizeGramValues(shuffledGram, channels)] as [GramSummary, GramSummary],
    };
    const pictures = await Promise.all([toRGBA(x), toRGBA(c.shuffled)]);
    return {layer, ...grams, featureDistance: c.featureDistance, gramDistance: c.gramDistance, pictures};
  } finally {
    x.dispose();
    shuffled?.dispose();
  }
}

function picture(img: RGBAImage, label: string): HTMLCanvasElement {
  const c = drawRGBA(document.createElement("canvas"), img, 1);
  c.setAttribute("role", "img");
  c.setAttribute("aria-label", label);
  return c;
}

/** The numbers behind the two heatmaps: summaries, distances, and the largest entries. */
function numbers(r: Comparison, title: string, top = 8): {caption: string; columns: string[]; rows: Cell[][]} {
  const [a, b] = r.summaries, c = r.channels;
  const rows: Cell[][] = [
    ["relative change of the features, ‖F′−F‖/‖F‖", "0%", `${percent(r.featureDistance)}%`],
    ["relative change of the Gram matrix, ‖G′−G‖/‖G‖", "0%", `${percent(r.gramDistance)}%`],
    ["trace", a.trace, b.trace],
    ["mean of the diagonal", a.meanDiagonal, b.meanDiagonal],
    ["mean off the diagonal", a.meanOffDiagonal, b.meanOffDiagonal],
    ["smallest entry", a.min, b.min],
    ["largest entry", a.max, b.max],
    ...topEntries(r.original, c, top).map(({i, j, value}): Cell[] => [`G[${i}, ${j}] (channels ${i} and ${j})`, value, r.shuffled[i * c + j]]),
  ];
  return {
    caption: `Gram matrices of ${r.layer} (${c}×${c}) for ${title} and its shuffled copy: summary numbers and the ${Math.min(top, (c * (c + 1)) / 2)} largest entries of the original (the full matrix, ${c * c} numbers, is too big for a table)`,
    columns: ["quantity", "original", "shuffled"], rows,
  };
}

export function gramShuffleWidget({model, images, params, size = 128, patch = 32, seed = 1, image}: ShuffleOptions): ShuffleWidget {
  const root = document.createElement("div") as unknown as ShuffleWidget;
  root.className = "cnn-gram-shuffle";
  root.dataset.widget = SHUFFLE_WIDGET;
  const styleLayers = gramLayers(model).style;
  const imagePick = imageSelect("Image", images, image ?? pickByPattern(images, /brick/)?.id, paramKey(params, "image"));
  const layerPick = selectInput({label: "Layer", options: styleLayers.map((l) => ({value: l, text: l})), value: styleLayers[Math.min(2, styleLayers.length - 1)], param: paramKey(params, "layer")});
  const figure = document.createElement("div");
  const distances = document.createElement("p");
  distances.className = "cnn-gram-distances";
  distances.setAttribute("role", "status");
  root.append(imagePick, layerPick, figure, distances);

  let latest = 0, aborted = false;
  root.abort = () => { aborted = true; };
  async function update(): Promise<void> {
    // an aborted figure's network is disposed (or about to be) once its cell is invalidated; its
    // pickers can still be moved while the new network loads, and must then compute nothing
    if (aborted) return;
    const token = ++latest;
    const img = images.find((d) => d.id === imagePick.value) ?? images[0];
    root.dataset.state = "computing";
    let r: Comparison;
    try {
      r = await compare(model, img, layerPick.value, {size, patch, seed});
    } catch (e) {
      if (aborted || token !== latest) return; // the model was disposed under a superseded request
      distances.textContent = `Could not compare: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
      return;
    }
    if (aborted || token !== latest) return;
    const domain: [number, number] = [Math.min(r.summaries[0].min, r.summaries[1].min), Math.max(r.summaries[0].max, r.summaries[1].max)];
    const row = document.createElement("div");
    row.className = "cnn-gram-row";
    row.append(
      picture(r.pictures[0], `${img.title}: the ${size}×${size} centre square the network sees`),
      gramHeatmap(r.original, r.channels, {label: `Gram matrix of ${r.layer}, original`, domain, size: 200}),
      picture(r.pictures[1], `${img.title} cut into ${patch}×${patch}-pixel patches and shuffled`),
      gramHeatmap(r.shuffled, r.channels, {label: `Gram matrix of ${r.layer}, shuffled`, domain, size: 200}),
    );
    const wasOpen = figure.querySelector("details")?.open ?? false;
    figure.replaceChildren(chartWithTable(row, numbers(r, img.title)));
    if (wasOpen) figure.querySelector("details")!.open = true;
    Object.assign(distances.dataset, {featureDistance: String(r.featureDistance), gramDistance: String(r.gramDistance)});
    distances.textContent = `${img.title}: shuffling ${patch}×${patch} patches changes the features of ${r.layer} by ${percent(r.featureDistance).toFixed(1)}% (relative distance ‖F′−F‖/‖F‖) but its Gram matrix by only ${percent(r.gramDistance).toFixed(1)}% (‖G′−G‖/‖G‖).`;
    Object.assign(root.dataset, {state: "done", image: img.id, layer: r.layer});
    reportResult(SHUFFLE_WIDGET, {model: model.id, image: img.id, layer: r.layer, patch, featureChange: percent(r.featureDistance), gramChange: percent(r.gramDistance)});
  }
  imagePick.addEventListener("input", () => void update());
  layerPick.addEventListener("input", () => void update());
  root.ready = update();
  return root;
}
