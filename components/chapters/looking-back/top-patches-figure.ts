// Top activations (Zeiler & Fergus 2014, Fig. 2): the 9 units of a channel that fire most over an
// image set (generated ShapeTex images plus the build's sample images), each as its patch and its
// reconstruction under a backward rule, computed live for the chosen channel.
import * as tf from "@tensorflow/tfjs";
import {makeShapeTexBatch} from "../../datasets/shapetex.ts";
import {topPatches} from "../../backward/top-patches.ts";
import {type Rule} from "../../backward/rules.ts";
import {toRgba} from "../../backward/view.ts";
import {decodeImageFile} from "../../image/decode-browser.ts";
import {rangeInput, selectInput, type ValueElement} from "../../ui/controls.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {modelInputCanvas} from "../../ui/classify.ts";
import {rgbaCanvas, statusLine} from "./canvas.ts";
import type {Sample} from "./image-source.ts";
import {mapLayers, modelCache, type ModelChoice} from "./models.ts";
import {RULE_NAMES} from "./three-rules.ts";

export type TopPatchesElement = HTMLElement & {dispose(): void; ready: Promise<void>};

/** The image set at the model's input size: 32 ShapeTex images (seed 1) + the sample images. */
async function imageSet(samples: Sample[], size: [number, number]): Promise<Array<{title: string; x: tf.Tensor4D}>> {
  const n = 32, side = 64;
  const b = makeShapeTexBatch(1, n, {size: side});
  const out = Array.from({length: n}, (_, i) => ({title: `ShapeTex image ${i + 1}`, x: tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(b.images.subarray(i * side * side * 3, (i + 1) * side * side * 3), [1, side, side, 3]), size) as tf.Tensor4D)}));
  for (const s of samples) {
    const decoded = await decodeImageFile(await (await fetch(s.src)).blob());
    const c = modelInputCanvas(decoded.image, size);
    out.push({title: s.title, x: tf.tidy(() => tf.browser.fromPixels(c, 3).toFloat().div(255).expandDims(0) as tf.Tensor4D)});
  }
  return out;
}

export function topPatchesFigure({models, samples, widget = "top-patches"}: {models: ModelChoice[]; samples: Sample[]; widget?: string}): TopPatchesElement {
  const root = document.createElement("div") as unknown as TopPatchesElement;
  root.className = "cnn-top-patches";
  root.id = widget;
  const cache = modelCache(models);
  const modelSelect = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name})), param: "patches.model"});
  const rule = selectInput({label: "Reconstruction", options: (["deconvnet", "guided", "backprop"] as Rule[]).map((r) => ({value: r, text: RULE_NAMES[r]})), param: "patches.rule"});
  const layerSlot = document.createElement("div"), channelSlot = document.createElement("div");
  const status = statusLine();
  const grid = document.createElement("div");
  grid.className = "cnn-patch-grid";
  root.append(modelSelect, layerSlot, channelSlot, rule, status, grid);
  let layer: ValueElement<string> | null = null, channel: ValueElement<number> | null = null;
  let ticket = 0;
  const sets = new Map<string, Promise<Array<{title: string; x: tf.Tensor4D}>>>();
  const setFor = (size: [number, number]) => {
    const key = size.join("x");
    if (!sets.has(key)) sets.set(key, imageSet(samples, size));
    return sets.get(key)!;
  };

  const buildControls = async () => {
    const model = await cache.get(modelSelect.value);
    const layers = mapLayers(model);
    layer = selectInput({label: "Layer", options: layers.map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), value: layers[Math.floor(layers.length / 2)]?.name, param: "patches.layer"});
    layer.addEventListener("input", () => void buildChannel().then(update));
    layerSlot.replaceChildren(layer);
    await buildChannel();
  };
  const buildChannel = async () => {
    const model = await cache.get(modelSelect.value);
    const info = model.layers.find((l) => l.name === layer!.value)!;
    channel = rangeInput({label: "Channel", min: 0, max: info.shape.at(-1)! - 1, value: 0, param: "patches.channel"});
    channel.addEventListener("input", () => void update());
    channelSlot.replaceChildren(channel);
  };

  async function update(): Promise<void> {
    if (!layer || !channel) return;
    const mine = ++ticket;
    root.dataset.state = "busy";
    status.textContent = "Finding the strongest units…";
    try {
      const model = await cache.get(modelSelect.value);
      const set = await setFor(model.inputSize);
      await tf.nextFrame();
      if (mine !== ticket) return;
      const r = rule.value as Rule;
      const patches = topPatches(model, set.map((s) => s.x), layer.value, channel.value, {k: 9, rule: r, keepReconstructions: true});
      const cells = patches.map((p) => {
        const crop = tf.tidy(() => tf.slice(set[p.image].x, [0, p.box.y, p.box.x, 0], [1, p.box.size, p.box.size, 3]) as tf.Tensor4D);
        const v = crop.dataSync();
        const data = new Uint8ClampedArray(p.box.size * p.box.size * 4);
        for (let j = 0; j < p.box.size * p.box.size; j++) data.set([v[3 * j] * 255, v[3 * j + 1] * 255, v[3 * j + 2] * 255, 255], 4 * j);
        const recon = tf.tidy(() => p.reconstruction!.expandDims(0) as tf.Tensor4D);
        const fig = document.createElement("figure");
        fig.append(
          rgbaCanvas({width: p.box.size, height: p.box.size, data}, 72, `Patch of ${set[p.image].title} at x ${p.box.x}, y ${p.box.y}, ${p.box.size} px; activation ${p.activation.toFixed(2)}`),
          rgbaCanvas(toRgba(recon, "signed"), 72, `${RULE_NAMES[r]} reconstruction of that unit`),
        );
        const cap = document.createElement("figcaption");
        cap.textContent = `${p.activation.toFixed(1)}`;
        fig.append(cap);
        tf.dispose([crop, recon, p.reconstruction!]);
        return fig;
      });
      if (mine !== ticket) return;
      grid.replaceChildren(...cells);
      status.textContent = `${model.name}, ${layer.value} channel ${channel.value}: the 9 strongest of ${set.length} images (patch left, ${RULE_NAMES[r]} right; number = activation).`;
      root.dataset.state = "done";
      reportResult(widget, {model: model.id, layer: layer.value, channel: channel.value, rule: r, patches: patches.map((p) => ({image: set[p.image].title, activation: p.activation, box: p.box}))});
    } catch (e) {
      if (mine !== ticket) return;
      status.textContent = `Could not find the patches: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
    }
  }

  modelSelect.addEventListener("input", () => void buildControls().then(update));
  rule.addEventListener("input", () => void update());
  root.ready = buildControls().then(update);
  root.dispose = () => {
    ticket++;
    for (const s of sets.values()) void s.then((list) => tf.dispose(list.map((q) => q.x)), () => undefined);
    sets.clear();
    cache.dispose();
  };
  return root;
}
