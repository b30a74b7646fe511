// The DeepDream figure: a network, a layer (and optionally one channel), an image (sample or
// upload), octaves; each octave is shown as it finishes, Cancel stops between steps, and the
// result can be downloaded as a PNG.
import * as tf from "@tensorflow/tfjs";
import {dream, DREAM_DEFAULTS} from "../../dream/dream.ts";
import type {RGBAImage} from "../../featvis/render.ts";
import type {ZooModel} from "../../zoo/types.ts";
import {checkboxInput, rangeInput, selectInput, type ValueElement} from "../../ui/controls.ts";
import {progressWidget} from "../../ui/progress.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {imageSource, modelInput, samplesFor, type ChapterSample, type ModelCache} from "./shared.ts";
import type {DisposableElement} from "./adversarial.ts";

export const DREAM_WIDGET = "dream";

function rgbaCanvas(image: RGBAImage, label: string): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  canvas.style.imageRendering = image.width < 100 ? "pixelated" : "auto";
  return canvas;
}

/** Layers a dream can climb: feature maps, not vectors; a middle one is the default. */
const dreamLayers = (m: ZooModel) => m.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");

export function dreamFigure(cache: ModelCache, samples: ChapterSample[]): DisposableElement {
  const root = document.createElement("div") as unknown as DisposableElement;
  root.className = "cnn-dream";
  root.id = "dream";
  root.dispose = () => {};
  if (!cache.models.length) {
    root.textContent = "No network is available in this build.";
    return root;
  }
  const P = "dream.";
  const modelSelect = selectInput({label: "Network", options: cache.models.map((m) => ({value: m.id, text: m.name})), param: `${P}model`});
  const source = imageSource(samplesFor(samples, modelSelect.value), `${P}image`);
  const layerSlot = document.createElement("div");
  let layer: ValueElement<string> | null = null;
  const oneChannel = checkboxInput({label: "One channel only", value: false, param: `${P}one`});
  const channel = rangeInput({label: "Channel", min: 0, max: 1023, step: 1, value: 0, param: `${P}channel`});
  const octaves = rangeInput({label: "Octaves", min: 1, max: 5, step: 1, value: 3, param: `${P}octaves`});
  const perOctave = rangeInput({label: "Steps per octave", min: 2, max: 20, step: 1, value: DREAM_DEFAULTS.stepsPerOctave, param: `${P}steps`});
  const go = document.createElement("button");
  go.type = "button";
  go.className = "cnn-live-start"; // the site's mark of a button that starts cancellable live work
  go.textContent = "Dream";
  const progressSlot = document.createElement("div");
  const strip = document.createElement("div");
  strip.className = "cnn-dream-octaves";
  strip.setAttribute("aria-live", "polite");
  const download = document.createElement("a");
  download.textContent = "Download the dream (PNG)";
  download.hidden = true;
  download.download = "deepdream.png";
  root.append(modelSelect, source, layerSlot, oneChannel, channel, octaves, perOctave, go, progressSlot, strip, download);

  let ticket = 0, controller: AbortController | null = null;
  const showChannel = () => { channel.hidden = !oneChannel.value; };
  async function loadLayers(): Promise<void> {
    const t = ++ticket;
    const m = await cache.get(modelSelect.value);
    if (t !== ticket) return;
    const layers = dreamLayers(m);
    const fresh = selectInput({label: "Layer", options: layers.map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), value: layers[Math.floor(layers.length / 2)]?.name, param: `${P}layer`});
    layerSlot.replaceChildren(fresh);
    layer = fresh;
  }

  async function run(): Promise<void> {
    controller?.abort();
    // the bar first: a press always answers, even before the image or the layers have loaded
    const progress = progressWidget("Dreaming");
    progressSlot.replaceChildren(progress.element);
    const mine = (controller = new AbortController());
    progress.signal.addEventListener("abort", () => mine.abort());
    strip.replaceChildren();
    download.hidden = true;
    go.disabled = true;
    root.dataset.state = "busy";
    let x: tf.Tensor4D | null = null;
    try {
      if (!layer) await loadLayers();
      const image = source.value;
      if (!image || !layer) {
        progress.finish("Nothing to dream on yet: the image or the network is still loading. Press again in a moment.");
        root.dataset.state = "idle";
        return;
      }
      const m = await cache.get(modelSelect.value);
      x = modelInput(image.pixels, m.inputSize);
      const info = m.layers.find((l) => l.name === layer!.value)!;
      const k = oneChannel.value ? Math.min(channel.value, info.shape[2] - 1) : undefined;
      const r = await dream(m, x, {layer: layer.value, channel: k, octaves: octaves.value, stepsPerOctave: perOctave.value, signal: mine.signal,
        onProgress: (s, n) => progress.update(s, n),
        onOctave: (o, n, img) => {
          const figure = document.createElement("figure");
          const c = rgbaCanvas(img, `Octave ${o + 1} of ${n}, ${img.width}×${img.height}`);
          c.style.width = "160px";
          figure.append(c, Object.assign(document.createElement("figcaption"), {textContent: `Octave ${o + 1}/${n} (${img.width} px)`}));
          strip.append(figure);
        }});
      const last = rgbaCanvas(r.image, `The dream of ${layer.value}${k === undefined ? "" : `, channel ${k}`} on ${image.title}`);
      download.href = last.toDataURL("image/png");
      download.hidden = r.cancelled;
      progress.finish(r.cancelled ? `Cancelled after ${r.steps} steps` : `${r.objective}: ${r.objectiveBefore.toFixed(3)} → ${r.objectiveAfter.toFixed(3)} in ${r.seconds.toFixed(1)} s`);
      root.dataset.state = r.cancelled ? "cancelled" : "done";
      reportResult(DREAM_WIDGET, {model: m.id, layer: layer.value, channel: k ?? null, octaves: r.octaves, steps: r.steps, objectiveBefore: r.objectiveBefore, objectiveAfter: r.objectiveAfter, cancelled: r.cancelled});
    } catch (e) {
      progress.finish(`Failed: ${e instanceof Error ? e.message : String(e)}`);
      root.dataset.state = "error";
    } finally {
      x?.dispose();
      go.disabled = false;
    }
  }

  modelSelect.addEventListener("input", () => { source.setSamples(samplesFor(samples, modelSelect.value)); void loadLayers(); });
  oneChannel.addEventListener("input", showChannel);
  go.addEventListener("click", () => void run());
  showChannel();
  void loadLayers();
  root.dispose = () => { ++ticket; controller?.abort(); };
  return root;
}
