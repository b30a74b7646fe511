// "The shift lab": one image, placed by one of Azulay & Weiss's protocols, moved 0..N pixels;
// every network's P(class) against the shift (top-1 changes marked), the view at the chosen
// shift, and one layer's feature map under the shift. Sweeps run once per image/protocol/
// direction/length (one batched forward pass per network); the shift slider only redraws.
// Given `params`, every control lives in the page URL as "<params>.<name>" (network checkboxes
// as "<params>.model.<id>"); given `report`, the answer at the current shift is reported
// (reportResult) under that widget name whenever it changes.
import * as Plot from "@observablehq/plot";
import type {ZooModel} from "../../zoo/types.ts";
import {fromRgba, type RgbImage} from "../../shift/image.ts";
import {argmax} from "../../shift/metrics.ts";
import {defaultGeometry, shiftedView, shiftSource, DIRECTIONS, PROTOCOLS, type Direction, type Protocol, type ShiftSource} from "../../shift/protocols.ts";
import {featureMapsUnderShift, sweepShifts, type ShiftSweep} from "../../shift/sweep.ts";
import {sweepReadout} from "../../shift/readout.ts";
import {readParam} from "../../ui/url-state.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {imageUpload} from "../../ui/upload.ts";
import {describeChart} from "../../ui/chart-a11y.ts";
import {checkboxInput, rangeInput, selectInput} from "../../ui/controls.ts";
import {chartWithTable} from "../../ui/data-table.ts";
import {palette} from "../../ui/palette.ts";
import {animateButton, imageCanvas, imagePixels, mapCanvas, maxOf, replaceKeepingOpen} from "./view.ts";

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
  /** URL key prefix of the controls, e.g. "lab" → "lab.protocol", "lab.model.tiny-darknet". */
  params?: string;
  /** Widget name for reportResult, e.g. "shift-lab". */
  report?: string;
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

export function shiftLab({models, samples, initial = {}, width = 640, sideBySide = false, enabled, maxShifts = {min: 4, max: 32, step: 4}, params, report}: ShiftLabOptions): HTMLElement & {value: ShiftLabState} {
  const root = document.createElement("div") as unknown as HTMLElement & {value: ShiftLabState};
  root.className = "cnn-shift-lab";
  if (!models.length) {
    root.textContent = "No network is available in this build.";
    return root;
  }
  const key = (name: string) => (params ? `${params}.${name}` : undefined);
  const sample = selectInput({label: "Image", options: samples.map((s) => ({value: s.id, text: s.title})), value: initial.sample, param: key("image")});
  const upload = imageUpload({label: "Or upload an image"});
  // an embedding page that fixes or hides the image fixes or hides the upload with it
  upload.hidden = sample.hidden;
  if ("locked" in sample.dataset) for (const input of upload.querySelectorAll("input")) input.disabled = true;
  const protocol = selectInput<Protocol>({label: "Protocol", value: initial.protocol ?? "black", options: PROTOCOLS.map((p) => ({value: p, text: PROTOCOL_TEXT[p]})), param: key("protocol")});
  const direction = selectInput<Direction>({label: "Direction", value: initial.direction ?? "diagonal", options: DIRECTIONS.map((d) => ({value: d, text: d})), param: key("direction")});
  const maxShift = rangeInput({label: "Sweep length (px)", ...maxShifts, value: initial.maxShift ?? maxShifts.max, param: key("sweep")});
  const shift = rangeInput({label: "Shift (px)", min: 0, max: maxShift.value, value: Math.min(initial.shift ?? 0, maxShift.value), param: key("shift")});
  const on = enabled?.some((id) => models.some((m) => m.id === id)) ? enabled : undefined; // none of them here: sweep all
  const showPicks = models.length > 1 && !sideBySide;
  // only controls the reader can see get a URL key
  const picks = models.map((m) => checkboxInput({label: m.name, value: !on || on.includes(m.id), param: showPicks ? key(`model.${m.id}`) : undefined}));
  const pickGroup = document.createElement("fieldset");
  pickGroup.className = "cnn-shift-controls";
  const legend = document.createElement("legend");
  legend.textContent = "Networks";
  pickGroup.append(legend, ...picks);
  const status = document.createElement("p");
  status.className = "cnn-shift-status";
  status.setAttribute("role", "status");
  const chart = document.createElement("div");
  const readout = document.createElement("ul");
  readout.className = "cnn-shift-readout";
  // what each network answers at the current shift is announced as the slider moves
  readout.setAttribute("aria-live", "polite");
  const play = animateButton("Animate the sweep", () => { shift.value = (shift.value + 1) % (maxShift.value + 1); }, {
    ms: 200, host: root,
    onToggle: (running) => readout.setAttribute("aria-live", running ? "off" : "polite"),
  });
  play.hidden = shift.hidden;
  play.disabled = "locked" in shift.dataset;
  const featureModel = selectInput({label: "Feature maps of", options: models.map((m) => ({value: m.id, text: m.name})), value: initial.featureModel, param: sideBySide ? undefined : key("maps")});
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
  if (picks.every((p) => p.hidden)) pickGroup.hidden = true;
  root.append(...(showPicks ? [pickGroup] : []), controls, status, chart, readout, featureControls, maps);

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
      layer = selectInput({label: "Layer", options: spatial.map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), value: pick, param: key("layer")});
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
      const channelKey = key("channel");
      const fromUrl = channelKey !== undefined && readParam(channelKey) !== null; // the URL's channel wins
      const keep = Math.min(channels - 1, channel?.value ?? initial.channel ?? (fromUrl ? 0 : await strongest()));
      if (my !== ticket) return;
      channel = rangeInput({label: "Channel", min: 0, max: channels - 1, value: keep, param: channelKey});
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

  /** The shift shown: the slider's, within every sweep (a longer sweep may still be running). */
  const shownShift = (ok: Array<{run: ModelRun}>) => Math.min(shift.value, ...ok.map((r) => r.run.sweep.probabilities.length - 1));
  const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

  function draw(): void {
    const ok = runs.filter((r) => r.run) as Array<{spec: ShiftLabModel; run: ModelRun}>;
    const k = shownShift(ok);
    const answers = ok.map(({spec, run}) => ({spec, run, at: sweepReadout(run.sweep.probabilities, run.reference, k)}));
    const label = (run: ModelRun, c: number) => run.model.labels[c] ?? `class ${c}`;
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
    const said = answers.map(({spec, run, at}) => `${spec.name}: top-1 “${label(run, at.top1)}” ${pct(at.probability)}, changes ${at.changes.length} time${at.changes.length === 1 ? "" : "s"} along the sweep`);
    describeChart(fig, `Probability of each network's class at shift 0 against the shift, 0 to ${maxShift.value} px; × marks a change of the top-1. At shift ${k}: ${said.join("; ")}.`);
    const shifts = ok[0]?.run.sweep.shifts ?? [];
    replaceKeepingOpen(chart, chartWithTable(fig, {
      caption: `${ok.map((r) => r.spec.name).join(" and ")}: the probability of the class at shift 0, and the top-1 class, at every shift`,
      columns: ["Shift (px)", ...ok.flatMap(({spec, run}) => [`${spec.name}: P(“${label(run, run.reference)}”)`, `${spec.name}: top-1`])],
      rows: shifts.map((sh, i) => [sh, ...ok.flatMap(({run}) => {
        const p = run.sweep.probabilities[i];
        return p ? [p[run.reference], label(run, argmax(p))] : ["", ""];
      })]),
    }));
    readout.replaceChildren(...runs.map(({spec, run, error}) => {
      const li = document.createElement("li");
      li.dataset.model = spec.id;
      const answer = answers.find((a) => a.spec === spec);
      if (!run || !answer) {
        li.textContent = `${spec.name}: not available (${error}).`;
        return li;
      }
      const {at} = answer, flips = at.changes.length;
      li.dataset.top1 = label(run, at.top1);
      li.dataset.probability = String(at.probability);
      li.dataset.changes = String(flips);
      li.textContent = `${spec.name} at shift ${k}: top-1 “${label(run, at.top1)}” ${pct(at.probability)}; P(“${label(run, run.reference)}”) ${pct(at.pReference)}; the top-1 changes ${flips} time${flips === 1 ? "" : "s"} along the sweep.`;
      return li;
    }));
    root.dataset.shift = String(k);
    drawFeatures(answers, k);
    if (report) {
      reportResult(report, {
        image: upload.value ? "upload" : sample.value, protocol: protocol.value, direction: direction.value, maxShift: maxShift.value, shift: k,
        networks: answers.map(({spec, run, at}) => ({model: spec.id, top1: label(run, at.top1), probability: at.probability, reference: label(run, run.reference), pReference: at.pReference, changes: at.changes.length})),
        features: features.map((f) => ({model: f.model, layer: f.layer, channel: f.channel, mean: f.means[Math.min(k, f.means.length - 1)]})),
      });
    }
  }

  function drawFeatures(answers: Array<{spec: ShiftLabModel; run: ModelRun; at: ReturnType<typeof sweepReadout>}>, k: number): void {
    if (!features.length) return void maps.replaceChildren();
    const figure = document.createElement("figure");
    const at = (f: Features) => Math.min(k, f.maps.length - 1);
    const panels = features.flatMap((f) => {
      const a = answers.find((x) => x.spec.id === f.model);
      if (!a) return [];
      const view = shiftedView(a.run.source, at(f));
      const panel = document.createElement("div");
      panel.className = "cnn-shift-panel";
      panel.dataset.model = f.model;
      const name = document.createElement("div");
      name.textContent = f.name;
      const top = `top-1 “${a.run.model.labels[a.at.top1] ?? a.at.top1}” ${pct(a.at.probability)}`;
      panel.append(name,
        imageCanvas(view, 160, `What ${f.name} sees at shift ${k} (${PROTOCOL_TEXT[protocol.value]}): ${top}.`),
        mapCanvas(f.maps[at(f)], f.width, f.height, f.max, 160, `${f.name}, ${f.layer} channel ${f.channel} at shift ${k}: mean activation ${f.means[at(f)].toFixed(3)} (white = ${f.max.toFixed(3)}, the maximum over the sweep).`));
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
    const f0 = features[0];
    const spread = (f: Features) => `${f.name} from ${Math.min(...f.means).toFixed(3)} to ${Math.max(...f.means).toFixed(3)}, ${f.means[at(f)].toFixed(3)} at shift ${k}`;
    describeChart(meanPlot, `Global mean of ${f0.layer} channel ${f0.channel} against the shift: ${features.map(spread).join("; ")}.`);
    const caption = document.createElement("figcaption");
    caption.textContent = `At shift ${k}: the network's input and ${f0.layer} channel ${f0.channel} (${f0.width}×${f0.height}; white = the channel's maximum over the sweep). The line plot: the channel's global mean at every shift, the 2-D twin of the 1-D demo's global sum; a flat line is shift invariance.`;
    const row = document.createElement("div");
    row.className = "cnn-shift-row";
    row.append(...panels, chartWithTable(meanPlot, {
      caption: `Global mean of ${f0.layer} channel ${f0.channel} at every shift`,
      columns: ["Shift (px)", ...features.map((f) => f.name)],
      rows: f0.means.map((_, i) => [i, ...features.map((f) => f.means[i])]),
    }));
    figure.append(row, caption);
    replaceKeepingOpen(maps, figure);
  }

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
