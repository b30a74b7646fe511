// Occlusion (Zeiler & Fergus 2014, Fig. 7): a grey square slides over the image; maps of P(class)
// and of the strongest channel's total activation, the most sensitive square outlined.
import * as tf from "@tensorflow/tfjs";
import {occlusionMap, type OcclusionMap} from "../../backward/occlusion.ts";
import {rangeInput, selectInput} from "../../ui/controls.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {modelInputCanvas} from "../../ui/classify.ts";
import {progressWidget} from "../../ui/progress.ts";
import {dataTable} from "../../ui/data-table.ts";
import {figureWith, heatRgba, rgbaCanvas, statusLine} from "./canvas.ts";
import {imageSource, type Sample} from "./image-source.ts";
import {modelCache, type ModelChoice} from "./models.ts";

export type OcclusionElement = HTMLElement & {dispose(): void; ready: Promise<void>};

/** The input with the square of lowest P(class) outlined. */
function outlined(input: HTMLCanvasElement, m: OcclusionMap): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = input.width;
  c.height = input.height;
  const ctx = c.getContext("2d")!;
  ctx.drawImage(input, 0, 0);
  ctx.strokeStyle = "#ff2d55";
  ctx.lineWidth = Math.max(1, input.width / 100);
  ctx.strokeRect(m.minimum.x + 0.5, m.minimum.y + 0.5, m.size - 1, m.size - 1);
  return c;
}

export function occlusionFigure({models, samples, widget = "occlusion"}: {models: ModelChoice[]; samples: Sample[]; widget?: string}): OcclusionElement {
  const root = document.createElement("div") as unknown as OcclusionElement;
  root.className = "cnn-occlusion";
  root.id = widget;
  const cache = modelCache(models);
  const modelSelect = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name})), param: "occl.model"});
  const source = imageSource(samples, "occl.");
  // sizes and strides as fractions of the input side, so one URL suits every network
  const size = rangeInput({label: "Square (share of the side)", min: 0.1, max: 0.5, step: 0.05, value: 0.3, format: (v) => `${Math.round(v * 100)}%`, param: "occl.size"});
  const stride = rangeInput({label: "Stride (share of the side)", min: 0.05, max: 0.25, step: 0.05, value: 0.1, format: (v) => `${Math.round(v * 100)}%`, param: "occl.stride"});
  const status = statusLine();
  const progressSlot = document.createElement("div");
  const maps = document.createElement("div");
  maps.className = "cnn-pair";
  const table = document.createElement("div");
  root.append(modelSelect, source, size, stride, progressSlot, status, maps, table);
  let ticket = 0;
  let current: AbortController | null = null;

  async function update(): Promise<void> {
    const img = source.image;
    if (!img) return;
    const mine = ++ticket;
    current?.abort();
    const progress = progressWidget("Sliding the square");
    current = new AbortController();
    const signal = current.signal;
    progressSlot.replaceChildren(progress.element);
    root.dataset.state = "busy";
    try {
      const model = await cache.get(modelSelect.value);
      const side = model.inputSize[0];
      const px = Math.max(1, Math.round(size.value * side)), st = Math.max(1, Math.round(stride.value * side));
      const input = modelInputCanvas(img.pixels, model.inputSize);
      const x = tf.tidy(() => tf.browser.fromPixels(input, 3).toFloat().div(255).expandDims(0) as tf.Tensor4D);
      let m: OcclusionMap;
      try {
        m = await occlusionMap(model, x, {size: px, stride: st, batch: 4, onProgress: (done, total) => {
          if (signal.aborted || progress.signal.aborted || mine !== ticket) throw new DOMException("superseded", "AbortError");
          progress.update(done, total);
        }});
      } finally {
        x.dispose();
      }
      if (mine !== ticket) return;
      progress.finish("Done.");
      const label = model.labels[m.classIndex];
      const view = (c: HTMLCanvasElement) => ((c.style.width = "224px"), (c.style.maxWidth = "100%"), c);
      const pic = view(outlined(input, m));
      pic.setAttribute("role", "img");
      pic.setAttribute("aria-label", `${img.title}; the square whose covering lowers P(${label}) most is outlined at x ${m.minimum.x}, y ${m.minimum.y}`);
      const prob = rgbaCanvas(heatRgba(m.probability, m.rows, m.cols, 0, Math.max(m.intact.probability, ...m.probability)), 224, `Map of P(${label}) with the square at each position: lowest ${m.minimum.probability.toFixed(3)} at row ${m.minimum.row}, column ${m.minimum.col}`);
      const act = rgbaCanvas(heatRgba(m.activation, m.rows, m.cols), 224, `Map of the total activation of channel ${m.channel} of ${m.layer}: lowest at row ${m.activationMinimum.row}, column ${m.activationMinimum.col}`);
      maps.replaceChildren(
        figureWith([pic], "Most sensitive square outlined"),
        figureWith([prob], `P(${label}) per square position (dark = low)`),
        figureWith([act], `${m.layer}, channel ${m.channel}: total activation (dark = low)`),
      );
      const order = Array.from(m.probability.keys()).sort((a, b) => m.probability[a] - m.probability[b]).slice(0, 5);
      table.replaceChildren(dataTable({
        caption: `The five most sensitive positions (square ${px} px, stride ${st} px; intact P = ${m.intact.probability.toFixed(3)})`,
        columns: ["x (px)", "y (px)", `P(${label})`, `Activation, channel ${m.channel}`],
        rows: order.map((i) => [m.xs[i % m.cols], m.ys[Math.floor(i / m.cols)], m.probability[i], m.activation[i]]),
      }));
      status.textContent = `${model.name}, “${label}”: intact P ${m.intact.probability.toFixed(3)}; lowest ${m.minimum.probability.toFixed(3)} with the square at x ${m.minimum.x}, y ${m.minimum.y}.`;
      root.dataset.state = "done";
      root.dataset.minimum = `${m.minimum.x},${m.minimum.y}`;
      reportResult(widget, {model: model.id, image: img.title, class: label, size: px, stride: st, intact: m.intact, minimum: m.minimum, layer: m.layer, channel: m.channel});
    } catch (e) {
      if (mine !== ticket) return;
      const aborted = e instanceof DOMException && e.name === "AbortError";
      progress.finish(aborted ? "Cancelled." : "Failed.");
      status.textContent = aborted ? "Cancelled." : `Could not compute the map: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = aborted ? "cancelled" : "error";
    }
  }

  for (const c of [modelSelect, source, size, stride]) c.addEventListener("input", () => void update());
  root.ready = source.ready.then(update);
  root.dispose = () => {
    ticket++;
    current?.abort();
    cache.dispose();
  };
  return root;
}
