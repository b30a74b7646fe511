// "The shift lab": one image, placed by one of Azulay & Weiss's protocols, moved 0..N pixels;
// every network's P(class) against the shift (top-1 changes marked), the view at the chosen
// shift, and one layer's feature map under the shift. Sweeps run once per image/protocol/
// direction/length (one batched forward pass per network); the shift slider only redraws.
import * as Plot from "@observablehq/plot";
import type {ZooModel} from "../zoo/types.ts";
import {fromRgba, type RgbImage} from "../shift/image.ts";
import {argmax} from "../shift/metrics.ts";
import {defaultGeometry, shiftedView, shiftSource, DIRECTIONS, PROTOCOLS, type Direction, type Protocol, type ShiftSource} from "../shift/protocols.ts";
import {featureMapsUnderShift, sweepShifts, type ShiftSweep} from "../shift/sweep.ts";
import {imageUpload} from "./upload.ts";
import {rangeInput, selectInput} from "./controls.ts";
import {palette} from "./palette.ts";
import {imageCanvas, imagePixels, mapCanvas, maxOf} from "./shift-view.ts";

export interface ShiftLabModel {
  id: string;
  name: string;
  /** Fully convolutional nets (ours) get a canvas twice their input; others the paper's 100-in-224. */
  fullyConvolutional: boolean;
  load(): Promise<ZooModel>;
}

export interface ShiftLabSample {
  id: string;
  title: string;
  src: string;
  attribution?: string;
}

export interface ShiftLabState {
  sample: string;
  protocol: Protocol;
  direction: Direction;
  maxShift: number;
  shift: number;
  featureModel: string;
  layer: string;
  channel: number;
}

export const PROTOCOL_TEXT: Record<Protocol, string> = {
  black: "embedded in a black canvas",
  inpaint: "embedded, background inpainted",
  crop: "crop windows of a larger image",
};

const COLOURS = [palette.blue, palette.vermillion, palette.green, palette.purple, palette.orange, palette.sky];

interface ModelRun {
  model: ZooModel;
  source: ShiftSource;
  sweep: ShiftSweep;
  reference: number;
}

export function shiftLab({models, samples, initial = {}, width = 640}: {models: ShiftLabModel[]; samples: ShiftLabSample[]; initial?: Partial<ShiftLabState>; width?: number}): HTMLElement & {value: ShiftLabState} {
  const root = document.createElement("div") as unknown as HTMLElement & {value: ShiftLabState};
  root.className = "cnn-shift-lab";
  if (!models.length) {
    root.textContent = "No network is available in this build.";
    return root;
  }
  const sample = selectInput({label: "Image", options: samples.map((s) => ({value: s.id, text: s.title})), value: initial.sample});
  const upload = imageUpload({label: "Or upload an image"});
  const protocol = selectInput<Protocol>({label: "Protocol", value: initial.protocol ?? "black", options: PROTOCOLS.map((p) => ({value: p, text: PROTOCOL_TEXT[p]}))});
  const direction = selectInput<Direction>({label: "Direction", value: initial.direction ?? "diagonal", options: DIRECTIONS.map((d) => ({value: d, text: d}))});
  const maxShift = rangeInput({label: "Sweep length (px)", min: 4, max: 32, step: 4, value: initial.maxShift ?? 32});
  const shift = rangeInput({label: "Shift (px)", min: 0, max: maxShift.value, value: Math.min(initial.shift ?? 0, maxShift.value)});
  const play = document.createElement("button");
  play.type = "button";
  play.textContent = "Animate the sweep";
  const status = document.createElement("p");
  status.className = "cnn-shift-status";
  status.setAttribute("aria-live", "polite");
  const chart = document.createElement("div");
  const readout = document.createElement("ul");
  readout.className = "cnn-shift-readout";
  const featureModel = selectInput({label: "Feature maps of", options: models.map((m) => ({value: m.id, text: m.name})), value: initial.featureModel});
  const layerHost = document.createElement("div");
  const channelHost = document.createElement("div");
  const maps = document.createElement("div");
  maps.className = "cnn-shift-maps";
  const controls = document.createElement("div");
  controls.className = "cnn-shift-controls";
  controls.append(sample, upload, protocol, direction, maxShift, shift, play);
  const featureControls = document.createElement("div");
  featureControls.className = "cnn-shift-controls";
  featureControls.append(featureModel, layerHost, channelHost);
  root.append(controls, status, chart, readout, featureControls, maps);

  const loaded = new Map<string, Promise<ZooModel>>();
  const modelById = (id: string) => {
    if (!loaded.has(id)) loaded.set(id, models.find((m) => m.id === id)!.load());
    return loaded.get(id)!;
  };

  let image: {rgb: RgbImage; title: string} | null = null;
  let runs: Array<{spec: ShiftLabModel; run: ModelRun | null; error?: string}> = [];
  let features: {maps: Float32Array[]; width: number; height: number; max: number; means: number[]; layer: string; channel: number; model: string} | null = null;
  let layer: ReturnType<typeof selectInput<string>> | null = null;
  let channel: ReturnType<typeof rangeInput> | null = null;
  let ticket = 0;

  const state = (): ShiftLabState => ({
    sample: sample.value, protocol: protocol.value, direction: direction.value, maxShift: maxShift.value, shift: shift.value,
    featureModel: featureModel.value, layer: layer?.value ?? initial.layer ?? "", channel: channel?.value ?? initial.channel ?? 0,
  });
  Object.defineProperty(root, "value", {get: state, configurable: true});

  async function loadImage(): Promise<void> {
    if (upload.value) {
      const u = upload.value;
      image = {rgb: fromRgba(u.image.data, u.image.width, u.image.height), title: u.name};
      return;
    }
    const s = samples.find((x) => x.id === sample.value) ?? samples[0];
    if (!s) throw new Error("no sample images in this build");
    const px = await imagePixels(s.src);
    image = {rgb: fromRgba(px.data, px.width, px.height), title: s.title};
  }

  /** Sweep every network over the current image and settings. */
  async function sweepAll(): Promise<void> {
    const my = ++ticket;
    root.dataset.state = "busy";
    status.textContent = "Sweeping…";
    try {
      await loadImage();
      const st = state();
      const next: typeof runs = [];
      for (const spec of models) {
        try {
          const model = await modelById(spec.id);
          const g = defaultGeometry(model.inputSize, spec.fullyConvolutional, st.maxShift, st.direction);
          const source = shiftSource(image!.rgb, st.protocol, g);
          const sweep = await sweepShifts(model, source);
          next.push({spec, run: {model, source, sweep, reference: argmax(sweep.probabilities[0])}});
          root.dataset[`sweepMs_${spec.id.replace(/[^a-z0-9]/gi, "_")}`] = String(Math.round(sweep.seconds * 1000));
        } catch (e) {
          next.push({spec, run: null, error: e instanceof Error ? e.message : String(e)});
        }
        if (my !== ticket) return;
      }
      runs = next;
      const ok = runs.filter((r) => r.run);
      const sweepMs = ok.map((r) => `${r.spec.name} ${(r.run!.sweep.seconds * 1000).toFixed(0)} ms`).join(", ");
      status.textContent = `“${image!.title}”, ${PROTOCOL_TEXT[st.protocol]}, shifted 0–${st.maxShift} px ${st.direction === "diagonal" ? "diagonally" : `along ${st.direction}`}: ${st.maxShift + 1} shifts per network in one batch (${sweepMs}).`;
      await featuresFor(my);
      if (my !== ticket) return;
      draw();
      root.dataset.state = "done";
    } catch (e) {
      if (my !== ticket) return;
      status.textContent = `Could not sweep: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
    }
  }

  /** Layer and channel pickers for the feature-map network, then its maps at every shift. */
  async function featuresFor(my: number): Promise<void> {
    const r = runs.find((x) => x.spec.id === featureModel.value)?.run;
    if (!r) {
      features = null;
      return;
    }
    const spatial = r.model.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");
    if (!layer || layer.dataset.model !== r.model.id) {
      const want = layer?.value ?? initial.layer;
      const pick = spatial.find((l) => l.name === want)?.name ?? spatial[Math.min(spatial.length - 1, Math.floor(spatial.length / 3))]?.name;
      layer = selectInput({label: "Layer", options: spatial.map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), value: pick});
      layer.dataset.model = r.model.id;
      layer.addEventListener("input", () => void refreshFeatures());
      layerHost.replaceChildren(layer);
    }
    const info = spatial.find((l) => l.name === layer!.value);
    if (!info) return;
    const channels = info.shape[2];
    if (!channel || Number(channel.dataset.channels) !== channels || channel.dataset.layer !== info.name) {
      const keep = Math.min(channels - 1, channel?.value ?? initial.channel ?? 0);
      channel = rangeInput({label: "Channel", min: 0, max: channels - 1, value: keep});
      channel.dataset.channels = String(channels);
      channel.dataset.layer = info.name;
      channel.addEventListener("input", () => void refreshFeatures());
      channelHost.replaceChildren(channel);
    }
    const f = await featureMapsUnderShift(r.model, r.source, info.name, channel.value, r.sweep.shifts);
    if (my !== ticket) return;
    features = {
      maps: f.maps, width: f.width, height: f.height, max: maxOf(f.maps), layer: info.name, channel: channel.value, model: r.model.id,
      means: f.maps.map((m) => m.reduce((a, b) => a + b, 0) / m.length),
    };
  }

  async function refreshFeatures(): Promise<void> {
    const my = ++ticket;
    await featuresFor(my);
    if (my === ticket) draw();
  }

  function draw(): void {
    const k = shift.value;
    const ok = runs.filter((r) => r.run) as Array<{spec: ShiftLabModel; run: ModelRun}>;
    const lines = ok.flatMap(({spec, run}) => run.sweep.probabilities.map((p, i) => ({model: spec.name, shift: run.sweep.shifts[i], p: p[run.reference], top1: argmax(p)})));
    const changes = lines.filter((d, i) => i > 0 && lines[i - 1].model === d.model && lines[i - 1].top1 !== d.top1);
    const fig = Plot.plot({
      width, height: 260, marginLeft: 48,
      x: {label: "shift (px) →", domain: [0, maxShift.value]},
      y: {label: "↑ P(class at shift 0)", domain: [0, 1], grid: true},
      color: {legend: true, domain: ok.map((r) => r.spec.name), range: COLOURS},
      marks: [
        Plot.ruleX([k], {stroke: palette.grey, strokeDasharray: "3,3"}),
        Plot.line(lines, {x: "shift", y: "p", stroke: "model"}),
        Plot.dot(changes, {x: "shift", y: "p", stroke: "model", symbol: "times", r: 5, title: (d: {model: string; shift: number}) => `${d.model}: top-1 changes at shift ${d.shift}`}),
      ],
    });
    fig.setAttribute("role", "img");
    fig.setAttribute("aria-label", `Probability of each network's unshifted top-1 class against the shift; × marks a change of the top-1 (${changes.length} in all).`);
    chart.replaceChildren(fig);
    readout.replaceChildren(...runs.map(({spec, run, error}) => {
      const li = document.createElement("li");
      li.dataset.model = spec.id;
      if (!run) {
        li.textContent = `${spec.name}: not available (${error}).`;
        return li;
      }
      const p = run.sweep.probabilities[k], top = argmax(p), flips = changes.filter((c) => c.model === spec.name).length;
      li.dataset.top1 = run.model.labels[top];
      li.dataset.changes = String(flips);
      li.textContent = `${spec.name} at shift ${k}: top-1 “${run.model.labels[top]}” ${(100 * p[top]).toFixed(1)}%; P(“${run.model.labels[run.reference]}”) ${(100 * p[run.reference]).toFixed(1)}%; the top-1 changes ${flips} time${flips === 1 ? "" : "s"} along the sweep.`;
      return li;
    }));
    const fr = ok.find((r) => r.spec.id === featureModel.value)?.run;
    if (fr && features && features.model === fr.model.id) {
      const view = shiftedView(fr.source, k);
      const figure = document.createElement("figure");
      const meanData = features.means.map((v, i) => ({shift: i, v}));
      const meanPlot = Plot.plot({
        width: Math.min(320, width), height: 160, marginLeft: 48,
        x: {label: "shift →"}, y: {label: "↑ channel mean"},
        marks: [Plot.line(meanData, {x: "shift", y: "v", stroke: palette.green}), Plot.dot([meanData[k]], {x: "shift", y: "v", fill: palette.orange, r: 4})],
      });
      meanPlot.setAttribute("role", "img");
      meanPlot.setAttribute("aria-label", `Mean of ${features.layer} channel ${features.channel} against the shift.`);
      const caption = document.createElement("figcaption");
      caption.textContent = `Input at shift ${k} (${view.width}×${view.height}), ${features.layer} channel ${features.channel} at shift ${k} (${features.width}×${features.height}; white = ${features.max.toFixed(2)}, the channel's maximum over the sweep), and the channel's global mean at every shift.`;
      figure.append(
        imageCanvas(view, 192, `${fr.model.name} input at shift ${k}`),
        mapCanvas(features.maps[k], features.width, features.height, features.max, 192, `${features.layer} channel ${features.channel} at shift ${k}`),
        meanPlot, caption,
      );
      maps.replaceChildren(figure);
    } else {
      maps.replaceChildren();
    }
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
    play.textContent = "Animate the sweep";
  };
  play.addEventListener("click", () => {
    if (timer) return stop();
    play.textContent = "Stop";
    timer = setInterval(() => (root.isConnected ? (shift.value = (shift.value + 1) % (maxShift.value + 1)) : stop()), 200);
  });

  const resweep = () => void sweepAll();
  sample.addEventListener("input", () => {
    upload.value = null;
    resweep();
  });
  upload.addEventListener("input", () => upload.value && resweep());
  protocol.addEventListener("input", resweep);
  direction.addEventListener("input", resweep);
  maxShift.addEventListener("input", () => {
    const input = shift.querySelector("input")!;
    input.max = String(maxShift.value);
    if (shift.value > maxShift.value) shift.value = maxShift.value;
    resweep();
  });
  featureModel.addEventListener("input", () => void refreshFeatures());
  shift.addEventListener("input", () => draw());
  void sweepAll();
  return root;
}
