// Invariance (Zeiler & Fergus 2014, Fig. 5): per layer, how far the feature vector moves as the
// image is translated, scaled or rotated, and P(class), against the amount.
import * as tf from "@tensorflow/tfjs";
import {AMOUNT, amountsFor, invariance, spreadLayers, TRANSFORMS, type Transform} from "../../backward/invariance.ts";
import {selectInput} from "../../ui/controls.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {modelInputCanvas} from "../../ui/classify.ts";
import {chartWithTable} from "../../ui/data-table.ts";
import {describeChart} from "../../ui/chart-a11y.ts";
import {statusLine} from "./canvas.ts";
import {imageSource, type Sample} from "./image-source.ts";
import {lineChart} from "./line-chart.ts";
import {modelCache, type ModelChoice} from "./models.ts";

const COLOURS = ["#440154", "#3b528b", "#21918c", "#5ec962", "#d8b100"];

export type InvarianceElement = HTMLElement & {dispose(): void; ready: Promise<void>};

export function invarianceFigure({models, samples, widget = "invariance"}: {models: ModelChoice[]; samples: Sample[]; widget?: string}): InvarianceElement {
  const root = document.createElement("div") as unknown as InvarianceElement;
  root.className = "cnn-invariance";
  root.id = widget;
  const cache = modelCache(models);
  const modelSelect = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name})), param: "inv.model"});
  const source = imageSource(samples, "inv.");
  const kind = selectInput({label: "Transform", options: TRANSFORMS.map((t) => ({value: t, text: `${t} (${AMOUNT[t].unit})`})), param: "inv.transform"});
  const status = statusLine();
  const charts = document.createElement("div");
  charts.className = "cnn-pair";
  root.append(modelSelect, source, kind, status, charts);
  let ticket = 0;

  async function update(): Promise<void> {
    const img = source.image;
    if (!img) return;
    const mine = ++ticket;
    root.dataset.state = "busy";
    status.textContent = "Transforming…";
    try {
      const model = await cache.get(modelSelect.value);
      await tf.nextFrame();
      if (mine !== ticket) return;
      const t = kind.value as Transform;
      const input = modelInputCanvas(img.pixels, model.inputSize);
      const x = tf.tidy(() => tf.browser.fromPixels(input, 3).toFloat().div(255).expandDims(0) as tf.Tensor4D);
      const layers = spreadLayers(model, 4);
      let r: Awaited<ReturnType<typeof invariance>>;
      try {
        r = await invariance(model, x, t, amountsFor(t, 9), layers);
      } finally {
        x.dispose();
      }
      if (mine !== ticket) return; // a newer pick started while this one was read: it owns the charts
      const label = model.labels[r.classIndex];
      const dist = describeChart(lineChart({xs: r.amounts, xLabel: `${t} (${AMOUNT[t].unit})`, yLabel: "relative feature distance", series: layers.map((l, j) => ({name: l, colour: COLOURS[j % COLOURS.length], values: r.relative[j]}))}),
        `Relative distance of each layer's features from the untransformed image's, against the ${t} amount; at the largest amount: ${layers.map((l, j) => `${l} ${r.relative[j].at(-1)!.toFixed(2)}`).join(", ")}`);
      const prob = describeChart(lineChart({xs: r.amounts, xLabel: `${t} (${AMOUNT[t].unit})`, yLabel: `P(${label})`, yDomain: [0, 1], series: [{name: label, colour: "#d62728", values: r.probability}]}),
        `Probability of “${label}” against the ${t} amount: from ${Math.min(...r.probability).toFixed(2)} to ${Math.max(...r.probability).toFixed(2)}`);
      charts.replaceChildren(
        chartWithTable(dist, {caption: `Feature distance relative to the untransformed image's norm, per layer (${model.name})`, columns: [t, ...layers], rows: r.amounts.map((a, i) => [a, ...layers.map((_, j) => r.relative[j][i])])}),
        chartWithTable(prob, {caption: `P(${label}) per amount`, columns: [t, `P(${label})`], rows: r.amounts.map((a, i) => [a, r.probability[i]])}),
      );
      status.textContent = `${model.name}, “${label}”, ${t}: lowest P ${Math.min(...r.probability).toFixed(2)}.`;
      root.dataset.state = "done";
      reportResult(widget, {model: model.id, image: img.title, transform: t, amounts: r.amounts, class: label, probability: r.probability, relative: Object.fromEntries(layers.map((l, j) => [l, r.relative[j]]))});
    } catch (e) {
      if (mine !== ticket) return;
      status.textContent = `Could not transform: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
    }
  }

  for (const c of [modelSelect, source, kind]) c.addEventListener("input", () => void update());
  root.ready = source.ready.then(update);
  root.dispose = () => {
    ticket++;
    cache.dispose();
  };
  return root;
}
