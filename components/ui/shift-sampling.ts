// "Sampling in 1-D": a periodic signal, shifted one sample at a time, optionally rectified and
// low-pass filtered, then subsampled by s. Three plots: the signal with the samples kept, the
// subsampled output, and the output's global sum at every shift (flat = shift invariant).
import * as Plot from "@observablehq/plot";
import {makeSignal, SIGNAL_KINDS, type SignalKind} from "../sampling/signal.ts";
import {globalSumByShift, stridedLayer, type LowPass} from "../sampling/subsample.ts";
import {checkboxInput, rangeInput, selectInput} from "./controls.ts";
import {palette} from "./palette.ts";

export interface SamplingState {
  signal: SignalKind;
  s: number;
  lowPass: LowPass;
  relu: boolean;
  shift: number;
}

export const SAMPLING_DEFAULTS: SamplingState = {signal: "edges", s: 2, lowPass: "none", relu: false, shift: 0};

const N = 48;

export function samplingDemo(initial: Partial<SamplingState> = {}, {width = 640}: {width?: number} = {}): HTMLElement & {value: SamplingState} {
  const state = {...SAMPLING_DEFAULTS, ...initial};
  const root = document.createElement("div") as unknown as HTMLElement & {value: SamplingState};
  root.className = "cnn-sampling";
  const signal = selectInput({label: "Signal", options: [...SIGNAL_KINDS], value: state.signal});
  const s = rangeInput({label: "Subsampling factor s", min: 2, max: 4, value: state.s});
  const lowPass = selectInput<LowPass>({label: "Low-pass before subsampling", value: state.lowPass, options: [
    {value: "none", text: "none (plain stride)"},
    {value: "binomial", text: "binomial blur (Zhang's blur-pool)"},
    {value: "box", text: "box of length s (zeros at every aliasing frequency)"},
  ]});
  const relu = checkboxInput({label: "Rectify first (ReLU(x − 0.5))", value: state.relu});
  const shift = rangeInput({label: "Shift (samples)", min: 0, max: N - 1, value: state.shift});
  const play = document.createElement("button");
  play.type = "button";
  play.textContent = "Animate the shift";
  const figures = document.createElement("div");
  const summary = document.createElement("p");
  summary.setAttribute("aria-live", "polite");
  summary.className = "cnn-sampling-summary";
  root.append(signal, s, lowPass, relu, shift, play, figures, summary);

  const read = (): SamplingState => ({signal: signal.value, s: s.value, lowPass: lowPass.value, relu: relu.value, shift: shift.value});

  function draw(): void {
    const st = read();
    const x = makeSignal(st.signal, N);
    const opts = {s: st.s, lowPass: st.lowPass, relu: st.relu};
    const layer = stridedLayer(x, st.shift, opts);
    const sums = globalSumByShift(x, opts);
    const lo = Math.min(...sums), hi = Math.max(...sums), mean = sums.reduce((a, b) => a + b, 0) / sums.length;
    const variation = mean !== 0 ? (hi - lo) / Math.abs(mean) : hi - lo;
    const input = Array.from(layer.filtered, (v, t) => ({t, v, raw: layer.shifted[t], kept: t % st.s === 0}));
    const top = Plot.plot({
      width, height: 170, marginLeft: 40,
      x: {label: "sample t →", domain: [-0.5, N - 0.5]},
      y: {label: "↑ value", domain: [Math.min(0, ...layer.shifted) - 0.05, Math.max(1, ...layer.shifted) + 0.05]},
      marks: [
        Plot.ruleX(input, {x: "t", y1: 0, y2: "raw", stroke: palette.grey, strokeOpacity: 0.5}),
        Plot.line(input, {x: "t", y: "v", stroke: palette.blue, curve: "step"}),
        Plot.dot(input.filter((d) => d.kept), {x: "t", y: "v", fill: palette.vermillion, r: 3.5, title: (d: {t: number; v: number}) => `kept: x[${d.t}] = ${d.v.toFixed(3)}`}),
        Plot.ruleY([0]),
      ],
    });
    top.setAttribute("aria-label", `Input shifted by ${st.shift} (grey stems), after the ${st.lowPass} filter (blue); every ${st.s}th sample is kept (red dots).`);
    const out = Array.from(layer.output, (v, m) => ({m, v}));
    const middle = Plot.plot({
      width, height: 130, marginLeft: 40,
      x: {label: `output m (= sample ${st.s}m) →`, domain: [-0.5, Math.ceil(N / st.s) - 0.5]},
      y: {label: "↑ output", domain: top.scale("y")!.domain as [number, number]},
      marks: [Plot.ruleX(out, {x: "m", y1: 0, y2: "v", stroke: palette.vermillion}), Plot.dot(out, {x: "m", y: "v", fill: palette.vermillion}), Plot.ruleY([0])],
    });
    middle.setAttribute("aria-label", `The subsampled output: ${out.length} values.`);
    const sumData = Array.from(sums, (v, k) => ({k, v}));
    const pad = Math.max(0.05 * Math.abs(mean), 1e-3);
    const bottom = Plot.plot({
      width, height: 150, marginLeft: 40,
      x: {label: "shift →"},
      y: {label: "↑ global sum", domain: [Math.min(lo, mean - pad) - pad, Math.max(hi, mean + pad) + pad]},
      marks: [
        Plot.line(sumData, {x: "k", y: "v", stroke: palette.green}),
        Plot.dot([sumData[st.shift]], {x: "k", y: "v", fill: palette.orange, r: 5}),
      ],
    });
    bottom.setAttribute("aria-label", `Global sum of the output against the shift: from ${lo.toFixed(3)} to ${hi.toFixed(3)}.`);
    for (const f of [top, middle, bottom]) f.setAttribute("role", "img");
    figures.replaceChildren(top, middle, bottom);
    const invariant = variation < 1e-9;
    summary.textContent = invariant
      ? `Shift ${st.shift}: global sum ${layer.globalSum.toFixed(3)}, the same at every shift: this subsampling is shift invariant for this signal.`
      : `Shift ${st.shift}: global sum ${layer.globalSum.toFixed(3)}; over all shifts it ranges ${lo.toFixed(3)}–${hi.toFixed(3)} (${(100 * variation).toFixed(1)}% of its mean): not shift invariant.`;
    root.dataset.variation = String(variation);
    root.dataset.globalSum = String(layer.globalSum);
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
    play.textContent = "Animate the shift";
  };
  play.addEventListener("click", () => {
    if (timer) return stop();
    play.textContent = "Stop";
    timer = setInterval(() => (root.isConnected ? (shift.value = (shift.value + 1) % N) : stop()), 180);
  });
  root.addEventListener("input", (e) => {
    if (e.target === root) return;
    draw();
  });
  Object.defineProperty(root, "value", {get: read, configurable: true});
  draw();
  return root;
}
