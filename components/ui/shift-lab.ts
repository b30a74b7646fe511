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
import {checkboxInput, rangeInput, selectInput} from "./controls.ts";
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

export interface ShiftLabOptions {
  models: ShiftLabModel[];
  samples: ShiftLabSample[];
  initial?: Partial<ShiftLabState>;
  width?: number;
  /** Feature maps of every network side by side (same layer name and channel), e.g. plain vs blur-pool. */
  sideBySide?: boolean;
  /** Ids of the networks swept at first (the reader can tick others); default all. */
  enabled?: string[];
  /** Sweep lengths offered (px). */
  maxShifts?: {min: number; max: number; step: number};
}

interface Features {
  model: string;
  name: string;
  maps: Float32Array[];
  width: number;
  height: number;
  max: number;
  means: number[];
  layer: string;
  channel: number;
}

export function shiftLab({models, samples, initial = {}, width = 640, sideBySide = false, enabled, maxShifts = {min: 4, max: 32, step: 4}}: ShiftLabOptions): HTMLElement & {value: ShiftLabState} {
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
  const maxShift = rangeInput({label: "Sweep length (px)", ...maxShifts, value: initial.maxShift ?? maxShifts.max});
  const shift = rangeInput({label: "Shift (px)", min: 0, max: maxShift.value, value: Math.min(initial.shift ?? 0, maxShift.value)});
  const on = enabled?.some((id) => models.some((m) => m.id === id)) ? enabled : undefined; // none of them here: sweep all
  const picks = models.map((m) => checkboxInput({label: m.name, value: !on || on.includes(m.id)}));
  const pickGroup = document.createElement("fieldset");
  pickGroup.className = "cnn-shift-controls";
  const legend = document.createElement("legend");
  legend.textContent = "Networks";
  pickGroup.append(legend, ...picks);
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
  featureControls.append(...(sideBySide ? [] : [featureModel]), layerHost, channelHost);
  root.append(...(models.length > 1 && !sideBySide ? [pickGroup] : []), controls, status, chart, readout, featureControls, maps);

  const loaded = new Map<string, Promise<ZooModel>>();
  const modelById = (id: string) => {
    if (!loaded.has(id)) loaded.set(id, models.find((m) => m.id === id)!.load());
    return loaded.get(id)!;
  };

  let image: {rgb: RgbImage; title: string} | null = null;
  let runs: Array<{spec: ShiftLabModel; run: ModelRun | null; error?: string}> = [];
  let features: Features[] = [];
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
      for (const spec of models.filter((_, i) => picks[i].value)) {
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

  /** Layer and channel pickers for the feature-map network(s), then the maps at every shift. */
  async function featuresFor(my: number): Promise<void> {
    const ok = runs.filter((x) => x.run).map((x) => x.run!);
    const first = sideBySide ? ok[0] : ok.find((r) => r.model.id === featureModel.value);
    if (!first) {
      features = [];
      return;
    }
    const spatial = first.model.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");
    if (!layer || layer.dataset.model !== first.model.id) {
      const want = layer?.value ?? initial.layer;
      const pick = spatial.find((l) => l.name === want)?.name ?? spatial[Math.min(spatial.length - 1, Math.floor(spatial.length / 3))]?.name;
      layer = selectInput({label: "Layer", options: spatial.map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), value: pick});
      layer.dataset.model = first.model.id;
      layer.addEventListener("input", () => void refreshFeatures());
      layerHost.replaceChildren(layer);
    }
    const info = spatial.find((l) => l.name === layer!.value);
    if (!info) return;
    const channels = info.shape[2];
    if (!channel || Number(channel.dataset.channels) !== channels || channel.dataset.layer !== info.name) {
      // first look at a layer: start on its most active channel (a dead one shows nothing)
      const strongest = async () => {
        const {channelMeans} = await featureMapsUnderShift(first.model, first.source, info.name, 0, [0]);
        return channelMeans[0].reduce((best, v, i, a) => (v > a[best] ? i : best), 0);
      };
      const keep = Math.min(channels - 1, channel?.value ?? initial.channel ?? (await strongest()));
      if (my !== ticket) return;
      channel = rangeInput({label: "Channel", min: 0, max: channels - 1, value: keep});
      channel.dataset.channels = String(channels);
      channel.dataset.layer = info.name;
      channel.addEventListener("input", () => void refreshFeatures());
      channelHost.replaceChildren(channel);
    }
    const targets = sideBySide ? ok.filter((r) => r.model.layers.some((l) => l.name === info.name && l.shape[2] === channels)) : [first];
    const next: Features[] = [];
    for (const r of targets) {
      const f = await featureMapsUnderShift(r.model, r.source, info.name, channel.value, r.sweep.shifts);
      if (my !== ticket) return;
      next.push({
        model: r.model.id, name: r.model.name, maps: f.maps, width: f.width, height: f.height, max: maxOf(f.maps), layer: info.name, channel: channel.value,
        means: f.maps.map((m) => m.reduce((a, b) => a + b, 0) / m.length),
      });
    }
    features = next;
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
    drawFeatures(ok, k);
  }

  function drawFeatures(ok: Array<{spec: ShiftLabModel; run: ModelRun}>, k: number): void {
    if (!features.length) return void maps.replaceChildren();
    const figure = document.createElement("figure");
    const panels = features.flatMap((f) => {
      const r = ok.find((x) => x.spec.id === f.model)?.run;
      if (!r) return [];
      const view = shiftedView(r.source, k);
      const panel = document.createElement("div");
      panel.className = "cnn-shift-panel";
      panel.dataset.model = f.model;
      const label = document.createElement("div");
      label.textContent = f.name;
      panel.append(label, imageCanvas(view, 160, `${f.name} input at shift ${k}`), mapCanvas(f.maps[k], f.width, f.height, f.max, 160, `${f.name} ${f.layer} channel ${f.channel} at shift ${k}`));
      return [panel];
    });
    const meanData = features.flatMap((f) => f.means.map((v, i) => ({model: f.name, shift: i, v})));
    const meanPlot = Plot.plot({
      width: Math.min(360, width), height: 170, marginLeft: 48,
      x: {label: "shift →"}, y: {label: "↑ channel mean"},
      color: {legend: features.length > 1, domain: features.map((f) => f.name), range: COLOURS},
      marks: [
        Plot.ruleX([k], {stroke: palette.grey, strokeDasharray: "3,3"}),
        Plot.line(meanData, {x: "shift", y: "v", stroke: "model"}),
      ],
    });
    meanPlot.setAttribute("role", "img");
    meanPlot.setAttribute("aria-label", `Global mean of ${features[0].layer} channel ${features[0].channel} against the shift, per network.`);
    const caption = document.createElement("figcaption");
    const f0 = features[0];
    caption.textContent = `At shift ${k}: the network's input and ${f0.layer} channel ${f0.channel} (${f0.width}×${f0.height}; white = the channel's maximum over the sweep). Right: the channel's global mean at every shift, the 2-D twin of the 1-D global sum above; a flat line is shift invariance.`;
    const row = document.createElement("div");
    row.className = "cnn-shift-row";
    row.append(...panels, meanPlot);
    figure.append(row, caption);
    maps.replaceChildren(figure);
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
  for (const p of picks) p.addEventListener("input", resweep);
  shift.addEventListener("input", () => draw());
  void sweepAll();
  return root;
}
