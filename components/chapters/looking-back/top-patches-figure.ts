// Top activations (Zeiler & Fergus 2014, Fig. 2): the 9 units of a channel that fire most over an
// image set, each as its patch and its reconstruction under a backward rule.
// Two sources: for the ShapeTex networks, the deconvnet reconstructions of the lower layers are
// precomputed at build time over the 32 generated ShapeTex images (data/precompute/top-patches.ts)
// and drawn at once, without tfjs; any other choice, or the reader's "recompute live", runs live
// over those images plus the build's sample photos (photos resized in the browser cannot be
// reproduced in Node, so only the live set has them).
import * as tf from "@tensorflow/tfjs";
import {SHAPETEX_SET, shapetexImageSet, topPatches} from "../../backward/top-patches.ts";
import {cropRgba, rgbFromBase64, unitRgba, type PrecomputedTopPatches, type StoredPatch} from "../../backward/top-patches-data.ts";
import {type Rule} from "../../backward/rules.ts";
import {toRgba, type Rgba} from "../../backward/view.ts";
import {decodeImageFile} from "../../image/decode-browser.ts";
import {rangeInput, selectInput, type ValueElement} from "../../ui/controls.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {modelInputCanvas} from "../../ui/classify.ts";
import {rgbaCanvas, statusLine} from "./canvas.ts";
import type {Sample} from "./image-source.ts";
import {mapLayers, modelCache, type ModelChoice} from "./models.ts";
import {RULE_NAMES} from "./three-rules.ts";

export type TopPatchesElement = HTMLElement & {dispose(): void; ready: Promise<void>};

/** Per network id, a loader of its precomputed figure (src/_site/looking-back-files.js). */
export type PrecomputedSources = Record<string, () => Promise<PrecomputedTopPatches>>;

const shapetexTitle = (i: number) => `ShapeTex image ${i + 1}`;

/** The live image set at the model's input size: the generated ShapeTex images + the sample images. */
async function imageSet(samples: Sample[], size: [number, number]): Promise<Array<{title: string; x: tf.Tensor4D}>> {
  const out = shapetexImageSet(size).map((x, i) => ({title: shapetexTitle(i), x}));
  for (const s of samples) {
    const decoded = await decodeImageFile(await (await fetch(s.src)).blob());
    const c = modelInputCanvas(decoded.image, size);
    out.push({title: s.title, x: tf.tidy(() => tf.browser.fromPixels(c, 3).toFloat().div(255).expandDims(0) as tf.Tensor4D)});
  }
  return out;
}

/** One cell of the grid: the patch, its reconstruction, the activation. */
function cell(patch: Rgba, recon: Rgba, title: string, p: {activation: number; box: {x: number; y: number; size: number}}, rule: Rule): HTMLElement {
  const fig = document.createElement("figure");
  fig.append(
    rgbaCanvas(patch, 72, `Patch of ${title} at x ${p.box.x}, y ${p.box.y}, ${p.box.size} px; activation ${p.activation.toFixed(2)}`),
    rgbaCanvas(recon, 72, `${RULE_NAMES[rule]} reconstruction of that unit`),
  );
  const cap = document.createElement("figcaption");
  cap.textContent = `${p.activation.toFixed(1)}`;
  fig.append(cap);
  return fig;
}

export function topPatchesFigure({models, samples, precomputed = {}, widget = "top-patches"}: {models: ModelChoice[]; samples: Sample[]; precomputed?: PrecomputedSources; widget?: string}): TopPatchesElement {
  const root = document.createElement("div") as unknown as TopPatchesElement;
  root.className = "cnn-top-patches";
  root.id = widget;
  const cache = modelCache(models);
  const modelSelect = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name})), param: "patches.model"});
  const rule = selectInput({label: "Reconstruction", options: (["deconvnet", "guided", "backprop"] as Rule[]).map((r) => ({value: r, text: RULE_NAMES[r]})), param: "patches.rule"});
  const layerSlot = document.createElement("div"), channelSlot = document.createElement("div");
  const status = statusLine();
  const liveButton = document.createElement("button");
  liveButton.type = "button";
  liveButton.textContent = "Recompute live, with this build's photos";
  liveButton.hidden = true;
  const grid = document.createElement("div");
  grid.className = "cnn-patch-grid";
  root.append(modelSelect, layerSlot, channelSlot, rule, status, liveButton, grid);
  let layer: ValueElement<string> | null = null, channel: ValueElement<number> | null = null;
  let menu: Array<{name: string; shape: number[]}> = [];
  let ticket = 0;
  const sets = new Map<string, Promise<Array<{title: string; x: tf.Tensor4D}>>>();
  const setFor = (size: [number, number]) => {
    const key = size.join("x");
    if (!sets.has(key)) sets.set(key, imageSet(samples, size));
    return sets.get(key)!;
  };
  // the precomputed file of a network, decoded once; null where there is none or it fails to load
  const stored = new Map<string, Promise<{data: PrecomputedTopPatches; images: Rgba[]} | null>>();
  const storedFor = (id: string) => {
    if (!stored.has(id)) {
      const load = precomputed[id];
      stored.set(id, load ? load().then((data) => ({data, images: data.images.map((b) => rgbFromBase64(b, data.size[1], data.size[0]))}), () => null) : Promise.resolve(null));
    }
    return stored.get(id)!;
  };

  const buildControls = async () => {
    const id = modelSelect.value;
    const s = await storedFor(id);
    // the menu comes with the precomputed file, so the figure opens without loading the network
    menu = s ? s.data.menu : mapLayers(await cache.get(id)).map((l) => ({name: l.name, shape: [...l.shape]}));
    layer = selectInput({label: "Layer", options: menu.map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), value: menu[Math.floor(menu.length / 2)]?.name, param: "patches.layer"});
    layer.addEventListener("input", () => {
      buildChannel();
      void update();
    });
    layerSlot.replaceChildren(layer);
    buildChannel();
  };
  const buildChannel = () => {
    const info = menu.find((l) => l.name === layer!.value)!;
    channel = rangeInput({label: "Channel", min: 0, max: info.shape.at(-1)! - 1, value: 0, param: "patches.channel"});
    channel.addEventListener("input", () => void update());
    channelSlot.replaceChildren(channel);
  };

  const finish = (source: "precomputed" | "live", text: string, result: Record<string, unknown>) => {
    status.textContent = text;
    root.dataset.source = source;
    liveButton.hidden = !precomputed[modelSelect.value]; // shown while the network has a precomputed figure (it stays put when pressed, keeping focus)
    root.dataset.state = "done";
    reportResult(widget, {...result, source});
  };

  /** The precomputed patches of the current choice, or null when it is not precomputed. */
  const precomputedPatches = async (id: string, r: Rule): Promise<{s: {data: PrecomputedTopPatches; images: Rgba[]}; patches: StoredPatch[]} | null> => {
    const s = await storedFor(id);
    const patches = s && r === s.data.rule ? s.data.layers[layer!.value]?.[channel!.value] : undefined;
    return s && patches ? {s, patches} : null;
  };

  async function update({live = false} = {}): Promise<void> {
    if (!layer || !channel) return;
    const mine = ++ticket;
    root.dataset.state = "busy";
    status.textContent = "Finding the strongest units…";
    const id = modelSelect.value, r = rule.value as Rule, name = models.find((m) => m.id === id)?.name ?? id;
    try {
      const pre = live ? null : await precomputedPatches(id, r);
      if (mine !== ticket) return;
      if (pre) {
        const {s, patches} = pre;
        grid.replaceChildren(...patches.map((p) => cell(cropRgba(s.images[p.image], p.box), rgbFromBase64(p.recon, p.box.size, p.box.size), shapetexTitle(p.image), p, r)));
        finish("precomputed", `${name}, ${layer.value} channel ${channel.value}: the 9 strongest of the ${s.data.images.length} generated ShapeTex images, precomputed when this site was built (patch left, ${RULE_NAMES[r]} right; number = activation). Recomputing live adds this build's sample photos to the set.`,
          {model: id, layer: layer.value, channel: channel.value, rule: r, images: s.data.images.length, patches: patches.map((p) => ({image: shapetexTitle(p.image), activation: p.activation, box: p.box}))});
        return;
      }
      const model = await cache.get(id);
      const set = await setFor(model.inputSize);
      await tf.nextFrame();
      if (mine !== ticket) return;
      const patches = await topPatches(model, set.map((s) => s.x), layer.value, channel.value, {k: 9, rule: r, keepReconstructions: true});
      const cells: HTMLElement[] = [];
      for (const p of patches) {
        const crop = tf.tidy(() => tf.slice(set[p.image].x, [0, p.box.y, p.box.x, 0], [1, p.box.size, p.box.size, 3]) as tf.Tensor4D);
        const recon = tf.tidy(() => p.reconstruction!.expandDims(0) as tf.Tensor4D);
        try {
          cells.push(cell(unitRgba(await crop.data(), p.box.size, p.box.size), await toRgba(recon, "signed"), set[p.image].title, p, r));
        } finally {
          tf.dispose([crop, recon, p.reconstruction!]);
        }
      }
      if (mine !== ticket) return;
      grid.replaceChildren(...cells);
      const photos = set.length - SHAPETEX_SET.n;
      finish("live", `${model.name}, ${layer.value} channel ${channel.value}: the 9 strongest of ${set.length} images (${SHAPETEX_SET.n} generated ShapeTex images${photos ? ` and ${photos} sample photos` : ""}), computed live (patch left, ${RULE_NAMES[r]} right; number = activation).`,
        {model: model.id, layer: layer.value, channel: channel.value, rule: r, images: set.length, patches: patches.map((p) => ({image: set[p.image].title, activation: p.activation, box: p.box}))});
    } catch (e) {
      if (mine !== ticket) return;
      status.textContent = `Could not find the patches: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
    }
  }

  modelSelect.addEventListener("input", () => void buildControls().then(() => update()));
  rule.addEventListener("input", () => void update());
  liveButton.addEventListener("click", () => void update({live: true}));
  root.ready = buildControls().then(() => update());
  root.dispose = () => {
    ticket++;
    for (const s of sets.values()) void s.then((list) => tf.dispose(list.map((q) => q.x)), () => undefined);
    sets.clear();
    stored.clear();
    cache.dispose();
  };
  return root;
}
