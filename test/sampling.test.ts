// The 1-D sampling facts the chapter states, checked numerically (Azulay & Weiss 2019, Sec. 3).
import {test} from "node:test";
import assert from "node:assert/strict";
import {makeSignal} from "../components/sampling/signal.ts";
import {convolve, globalSumByShift, lowPassKernel, shift, shiftVariation, stridedLayer, subsample, sum} from "../components/sampling/subsample.ts";
import {aliasingBins, magnitudeSpectrum} from "../components/sampling/spectrum.ts";

test("shift moves content to the right and wraps around", () => {
  assert.deepEqual(Array.from(shift([1, 2, 3, 4], 1)), [4, 1, 2, 3]);
  assert.deepEqual(Array.from(shift([1, 2, 3, 4], -1)), [2, 3, 4, 1]);
});

test("subsample keeps every s-th sample from the phase", () => {
  assert.deepEqual(Array.from(subsample([0, 1, 2, 3, 4, 5], 2)), [0, 2, 4]);
  assert.deepEqual(Array.from(subsample([0, 1, 2, 3, 4, 5], 2, 1)), [1, 3, 5]);
  assert.deepEqual(Array.from(subsample([0, 1, 2, 3, 4, 5, 6], 3)), [0, 3, 6]);
  assert.throws(() => subsample([1, 2], 0), /positive integer/);
});

test("low-pass kernels sum to 1; binomial is Pascal's row", () => {
  assert.deepEqual(Array.from(lowPassKernel("binomial", 2)), [0.25, 0.5, 0.25]);
  assert.deepEqual(Array.from(lowPassKernel("box", 4)), [0.25, 0.25, 0.25, 0.25]);
  for (const s of [2, 3, 4]) for (const k of ["box", "binomial"] as const) assert.ok(Math.abs(sum(lowPassKernel(k, s)) - 1) < 1e-12);
  // convolution with a normalised kernel keeps the sum of a circular signal
  const x = makeSignal("noise", 48, 3);
  assert.ok(Math.abs(sum(convolve(x, lowPassKernel("binomial", 3))) - sum(x)) < 1e-9);
});

test("without a filter, subsampling a signal with energy at the aliasing frequencies makes the global sum depend on the shift", () => {
  const x = makeSignal("edges", 48);
  const v = shiftVariation(x, {s: 2, lowPass: "none"});
  assert.ok(v > 0.05, `variation ${v}`);
  const g = globalSumByShift(x, {s: 2});
  assert.notEqual(Math.round(g[0] * 1e6), Math.round(g[1] * 1e6));
});

test("a box filter of length s zeroes every aliasing frequency: the global sum becomes exactly shift invariant", () => {
  for (const kind of ["edges", "noise", "high"] as const) {
    for (const s of [2, 3, 4]) {
      const x = makeSignal(kind, 48, 5);
      assert.ok(shiftVariation(x, {s, lowPass: "box"}) < 1e-9, `${kind} s=${s}`);
    }
  }
});

test("the global sum is invariant without any filter exactly when the spectrum is zero at the aliasing bins", () => {
  const n = 48;
  for (const kind of ["smooth", "edges", "high", "noise"] as const) {
    for (const s of [2, 3, 4]) {
      const x = makeSignal(kind, n, 11);
      const spec = magnitudeSpectrum(x);
      const energyAtAliases = aliasingBins(n, s).reduce((a, k) => a + spec[k], 0);
      const invariant = shiftVariation(x, {s}) < 1e-9;
      assert.equal(invariant, energyAtAliases < 1e-9, `${kind} s=${s}: aliasing energy ${energyAtAliases}`);
    }
  }
});

test("binomial blur (Zhang) reduces but need not remove the variation; ReLU adds high frequencies", () => {
  const x = makeSignal("edges", 48);
  // s = 2: [1,2,1]/4 vanishes at π, the one aliasing frequency, so the sum is exactly invariant
  assert.ok(shiftVariation(x, {s: 2, lowPass: "binomial"}) < 1e-9);
  // s = 3: [1,3,3,1]/8 only damps 2π/3
  const none = shiftVariation(x, {s: 3}), blur = shiftVariation(x, {s: 3, lowPass: "binomial"});
  assert.ok(blur > 1e-6 && blur < none, `${blur} < ${none}`);
  // a smooth signal is invariant, but rectifying it creates energy at the aliasing bin
  const smooth = makeSignal("smooth", 48);
  assert.ok(shiftVariation(smooth, {s: 4}) < 1e-9);
  assert.ok(shiftVariation(smooth, {s: 4, relu: true}) > 1e-3);
});

test("a signal above the new Nyquist frequency aliases: its subsampled version is a different-looking, slower wave", () => {
  const x = makeSignal("high", 48); // bin 19, above the Nyquist bin 12 of s = 2
  const spec = magnitudeSpectrum(subsample(x, 2)); // 24 samples, bins 0..12
  const peak = Array.from(spec).slice(1).reduce((best, v, i) => (v > spec[best] ? i + 1 : best), 1);
  assert.equal(peak, 24 - 19, "bin 19 of 48 folds to bin 5 of 24");
  const a = stridedLayer(x, 0, {s: 2}), b = stridedLayer(x, 1, {s: 2});
  assert.equal(a.output.length, 24);
  assert.ok(Math.abs(a.output[0] - b.output[0]) > 0.1, "one-sample shift changes the subsampled values");
});
