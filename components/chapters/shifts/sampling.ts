// "Sampling in 1-D": a periodic signal, shifted one sample at a time, optionally rectified and
// low-pass filtered, then subsampled by s. Three plots: the signal with the samples kept, the
// subsampled output, and the output's global sum at every shift (flat = shift invariant).
// Given `params`, every control lives in the page URL as "<params>.<name>"; given `report`,
// every change is reported (reportResult) under that widget name.
import * as Plot from "@observablehq/plot";
import {makeSignal, SIGNAL_KINDS, type SignalKind} from "../../sampling/signal.ts";
import {stridedLayer, type LowPass} from "../../sampling/subsample.ts";
import {samplingSummary} from "../../sampling/summary.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {describeChart} from "../../ui/chart-a11y.ts";
import {checkboxInput, rangeInput, selectInput} from "../../ui/controls.ts";
import {chartWithTable} from "../../ui/data-table.ts";
import {palette} from "../../ui/palette.ts";
import {animateButton, replaceKeepingOpen} from "./view.ts";

export interface SamplingState {
  signal: SignalKind;
  s: number;
  lowPass: LowPass;
  relu: boolean;
  shift: number;
}

export const SAMPLING_DEFAULTS: SamplingState = {signal: "edges", s: 2, lowPass: "none", relu: false, shift: 0};

const N = 48;

export interface SamplingOptions {
  width?: number;
  /** URL key prefix of the controls, e.g. "sampling" → "sampling.s". */
  params?: string;
  /** Widget name for reportResult, e.g. "shift-sampling". */
  report?: string;
}

export function samplingDemo(initial: Partial<SamplingState> = {}, {width = 640, params, report}: SamplingOptions = {}): HTMLElement & {value: SamplingState} {
  const state = {...SAMPLING_DEFAULTS, ...initial};
  const key = (name: string) => (params ? `${params}.${name}` : undefined);
  const root = document.createElement("div") as unknown as HTMLElement & {value: SamplingState};
  root.className = "cnn-sampling";
  const signal = selectInput({label: "Signal", options: [...SIGNAL_KINDS], value: state.signal, param: key("signal")});
  const s = rangeInput({label: "Subsampling factor s", min: 2, max: 4, value: state.s, param: key("s")});
  const lowPass = selectInput<LowPass>({label: "Low-pass before subsampling", value: state.lowPass, param: key("lowpass"), options: [
    {value: "none", text: "none (plain stride)"},
    {value: "binomial", text: "binomial blur (Zhang's blur-pool)"},
    {value: "box", text: "box of length s (zeros at every aliasing frequency)"},
  ]});
  const relu = checkboxInput({label: "Rectify first (ReLU(x − 0.5))", value: state.relu, param: key("relu")});
  const shift = rangeInput({label: "Shift (samples)", min: 0, max: N - 1, value: state.shift, param: key("shift")});
  const figures = document.createElement("div");
  const summary = document.createElement("p");
  summary.setAttribute("aria-live", "polite");
  summary.className = "cnn-sampling-summary";
  const play = animateButton("Animate the shift", () => { shift.value = (shift.value + 1) % N; }, {
    ms: 180, host: root,
    // one announcement when it stops, not one per frame
    onToggle: (running) => summary.setAttribute("aria-live", running ? "off" : "polite"),
  });
  play.hidden = shift.hidden;
  play.disabled = "locked" in shift.dataset;
  root.append(signal, s, lowPass, relu, shift, play, figures, summary);

  const read = (): SamplingState => ({signal: signal.value, s: s.value, lowPass: lowPass.value, relu: relu.value, shift: shift.value});

  function draw(): void {
    const st = read();
    const x = makeSignal(st.signal, N);
    const opts = {s: st.s, lowPass: st.lowPass, relu: st.relu};
    const layer = stridedLayer(x, st.shift, opts);
    const {sums, lo, hi, mean, variation, invariant, globalSum} = samplingSummary(x, st.shift, opts);
    const filterText = st.lowPass === "none" ? "no filter" : `the ${st.lowPass} filter`;
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
    const out = Array.from(layer.output, (v, m) => ({m, v}));
    const middle = Plot.plot({
      width, height: 130, marginLeft: 40,
      x: {label: `output m (= sample ${st.s}m) →`, domain: [-0.5, Math.ceil(N / st.s) - 0.5]},
      y: {label: "↑ output", domain: top.scale("y")!.domain as [number, number]},
      marks: [Plot.ruleX(out, {x: "m", y1: 0, y2: "v", stroke: palette.vermillion}), Plot.dot(out, {x: "m", y: "v", fill: palette.vermillion}), Plot.ruleY([0])],
    });
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
    const fixed = (v: number) => v.toFixed(4);
    replaceKeepingOpen(figures,
      chartWithTable(describeChart(top, `The ${st.signal} signal shifted by ${st.shift} samples (grey stems), after ${filterText}${st.relu ? " and a ReLU" : ""} (blue line); every ${st.s}th sample is kept (red dots).`), {
        caption: `The input at shift ${st.shift}: every sample, and whether subsampling by ${st.s} keeps it`,
        columns: ["Sample t", "Shifted input", "After the filter", "Kept"],
        rows: input.map((d) => [d.t, fixed(d.raw), fixed(d.v), d.kept ? "yes" : ""]),
      }),
      chartWithTable(describeChart(middle, `The subsampled output at shift ${st.shift}: ${out.length} values, summing to ${globalSum.toFixed(3)}.`), {
        caption: `The subsampled output at shift ${st.shift}`,
        columns: ["Output m", "Value"],
        rows: out.map((d) => [d.m, fixed(d.v)]),
      }),
      chartWithTable(describeChart(bottom, invariant
        ? `Global sum of the output against the shift: ${mean.toFixed(3)} at every shift (flat).`
        : `Global sum of the output against the shift: from ${lo.toFixed(3)} to ${hi.toFixed(3)}; ${globalSum.toFixed(3)} at the current shift ${st.shift}.`), {
        caption: "Global sum S of the subsampled output at every shift",
        columns: ["Shift", "Global sum S"],
        rows: sumData.map((d) => [d.k, fixed(d.v)]),
      }),
    );
    summary.textContent = invariant
      ? `Shift ${st.shift}: global sum ${globalSum.toFixed(3)}, the same at every shift: this subsampling is shift invariant for this signal.`
      : `Shift ${st.shift}: global sum ${globalSum.toFixed(3)}; over all shifts it ranges ${lo.toFixed(3)}–${hi.toFixed(3)} (${(100 * variation).toFixed(1)}% of its mean): not shift invariant.`;
    root.dataset.variation = String(variation);
    root.dataset.globalSum = String(globalSum);
    if (report) reportResult(report, {signal: st.signal, s: st.s, lowPass: st.lowPass, relu: st.relu, shift: st.shift, globalSum, invariant, variation, range: [lo, hi]});
  }

  root.addEventListener("input", (e) => {
    if (e.target === root) return;
    draw();
  });
  Object.defineProperty(root, "value", {get: read, configurable: true});
  draw();
  return root;
}
