// Features during training (Zeiler & Fergus 2014, Fig. 4) on our own ShapeTex snapshots: for a
// low, a middle and the top layer, the channels strongest at the end, each shown at every
// snapshot by its strongest unit over 32 ShapeTex images (patch and deconvnet reconstruction),
// and how close each layer's kernel already is to its final value.
import * as tf from "@tensorflow/tfjs";
import {featuresDuringTraining, kernelSimilarityByLayer} from "../../backward/training-features.ts";
import type {LayersZoo} from "../../backward/layers-zoo.ts";
import {toRgba} from "../../backward/view.ts";
import {readAndDispose} from "../../tf/read.ts";
import {makeShapeTexBatch} from "../../datasets/shapetex.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {chartWithTable} from "../../ui/data-table.ts";
import {describeChart} from "../../ui/chart-a11y.ts";
import {scrollRegion, tableWithHeader} from "../../ui/table.ts";
import {rgbaCanvas, statusLine} from "./canvas.ts";
import {lineChart} from "./line-chart.ts";

export interface SnapshotChoice {
  epoch: number;
  load(): Promise<LayersZoo>;
}

export type TrainingElement = HTMLElement & {ready: Promise<void>};

async function patchCanvas(x: tf.Tensor4D, box: {x: number; y: number; size: number}, label: string): Promise<HTMLCanvasElement> {
  const v = await readAndDispose(tf.tidy(() => tf.slice(x, [0, box.y, box.x, 0], [1, box.size, box.size, 3])));
  const data = new Uint8ClampedArray(box.size * box.size * 4);
  for (let j = 0; j < box.size * box.size; j++) data.set([v[3 * j] * 255, v[3 * j + 1] * 255, v[3 * j + 2] * 255, 255], 4 * j);
  return rgbaCanvas({width: box.size, height: box.size, data}, 48, label);
}

export function trainingFigure({snapshots, widget = "training-features"}: {snapshots: SnapshotChoice[]; widget?: string}): TrainingElement {
  const root = document.createElement("div") as unknown as TrainingElement;
  root.className = "cnn-training-features";
  root.id = widget;
  const status = statusLine();
  root.append(status);
  root.ready = (async () => {
    if (snapshots.length < 2) {
      status.textContent = "This build has no training snapshots.";
      root.dataset.state = "error";
      return;
    }
    root.dataset.state = "busy";
    status.textContent = "Loading the snapshots…";
    const snaps = await Promise.all(snapshots.map(async (s) => ({epoch: s.epoch, ...(await s.load())})));
    const size = snaps[0].zoo.inputSize[0], n = 32;
    const batch = makeShapeTexBatch(1, n, {size});
    const images = Array.from({length: n}, (_, i) => tf.tensor4d(batch.images.subarray(i * size * size * 3, (i + 1) * size * size * 3), [1, size, size, 3]));
    try {
      // layers with filters (the kernel similarity needs weights): for ShapeTex conv1_1, conv2_2, conv3_2
      const maps = snaps[0].zoo.layers.filter((l) => (l.kind === "conv" || l.kind === "depthwise") && l.shape.length === 3);
      const layers = [...new Set([maps[0], maps[Math.floor(maps.length / 2)], maps[maps.length - 1]].map((l) => l.name))];
      const histories = await featuresDuringTraining(snaps.map((s) => ({epoch: s.epoch, model: s.zoo})), images, layers, {k: 3, keepReconstructions: true});
      const {table, body} = tableWithHeader("cnn-training-grid", ["Layer, channel", ...snaps.map((s) => `Epoch ${s.epoch}`)]);
      table.createCaption().textContent = `Each channel's strongest unit over ${n} ShapeTex images at each snapshot: the patch, then its deconvnet reconstruction`;
      for (const h of histories) {
        const tr = body.insertRow();
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = `${h.layer}, ${h.channel}`;
        tr.append(th);
        for (const e of h.epochs) {
          const td = tr.insertCell();
          const recon = tf.tidy(() => e.patch.reconstruction!.expandDims(0) as tf.Tensor4D);
          try {
            td.append(
              await patchCanvas(images[e.patch.image], e.patch.box, `${h.layer} channel ${h.channel}, epoch ${e.epoch}: patch of ShapeTex image ${e.patch.image + 1}, activation ${e.patch.activation.toFixed(2)}`),
              rgbaCanvas(await toRgba(recon, "signed"), 48, `its deconvnet reconstruction`),
            );
          } finally {
            tf.dispose([recon, e.patch.reconstruction!]);
          }
        }
      }
      const similarity = await kernelSimilarityByLayer(snaps, layers);
      const epochs = snaps.map((s) => s.epoch);
      const colours = ["#440154", "#21918c", "#d8b100"];
      const chart = describeChart(lineChart({xs: epochs, xLabel: "epoch", yLabel: "kernel cosine similarity with the last", yDomain: [Math.min(0, ...similarity.flat()), 1], series: layers.map((l, j) => ({name: l, colour: colours[j % 3], values: similarity[j]}))}),
        `Cosine similarity of each layer's kernel with its final value, by epoch: ${layers.map((l, j) => `${l} ${similarity[j].map((v) => v.toFixed(2)).join(", ")}`).join("; ")}`);
      root.append(scrollRegion(table, "Features during training"), chartWithTable(chart, {caption: "Cosine similarity of each layer's kernel with the last snapshot's", columns: ["Epoch", ...layers], rows: epochs.map((e, i) => [e, ...similarity.map((s) => s[i])])}));
      status.textContent = `Snapshots after epochs ${epochs.join(", ")} of one run (seed 1).`;
      root.dataset.state = "done";
      reportResult(widget, {epochs, layers, kernelSimilarity: Object.fromEntries(layers.map((l, j) => [l, similarity[j]]))});
    } finally {
      tf.dispose(images);
      for (const s of snaps) s.zoo.dispose();
    }
  })().catch((e) => {
    status.textContent = `Could not show the snapshots: ${e instanceof Error ? e.message : String(e)}`;
    root.dataset.state = "error";
  });
  return root;
}
