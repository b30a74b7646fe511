// Every chapter's computation gives the same numbers on every browser backend: the figures' own
// functions (the bundle's `benchKit`) run on the ShapeTex CNN in the built site, once per backend
// (wasm, WebGL and WebGPU, the last two on SwiftShader here), and each quantity is compared with
// wasm's within a stated tolerance (docs/benchmarks.md "Backends agree"). ShapeTex is committed,
// so this runs with or without the asset mirror.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {readdirSync} from "node:fs";
import path from "node:path";
import {chromiumMissing, ensureBuilt, openSite, requireChromium, type Session} from "../helpers/browser.ts";

type Quantities = Record<string, number[]>;

// Plain JS run in the page (a string: tsx would add helpers the page does not have).
const COMPUTE = `async (url, skip) => {
  const href = [...document.querySelectorAll("link[rel=modulepreload]")].map((l) => l.href).find((h) => /\\/_bundle\\/cnn\\.[^/]+\\.js$/.test(h));
  const {tf, benchKit: k} = await import(href);
  const model = await k.loadPackedModel(await (await fetch(url)).arrayBuffer());
  const values = async (t) => { const d = Array.from(await t.data()); t.dispose(); return d; };
  const [h, w] = model.inputSize;
  // the page's own cells may still be creating tensors: start once the count holds for 1.5 s
  for (let last = -1, same = 0; same < 3; ) {
    await new Promise((r) => setTimeout(r, 500));
    const n = tf.memory().numTensors;
    same = n === last ? same + 1 : 0;
    last = n;
  }
  const x = k.noiseImage([h, w], 64, 1);
  const before = tf.memory().numTensors;
  const maps = model.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");
  const mid = maps[Math.floor(maps.length / 2)].name, deep = maps[Math.floor((maps.length * 2) / 3)].name;
  const out = {};
  let step = "load";
  const at = (name) => { step = name; };
  try {
    // home page and texture chapter: the classifier's probabilities
    at("classify");
    out.probabilities = await values(tf.tidy(() => model.probabilities(x)));
    // feature visualization: "which channels fire" and 8 steps of a channel render
    at("channels");
    if (!skip.includes("channel")) out.channel_means = Array.from(await k.meanChannelActivations(model, x, mid));
    const strongest = out.channel_means ? out.channel_means.indexOf(Math.max(...out.channel_means)) : 0;
    at("render");
    if (!skip.includes("render")) {
      const r = await k.render(model, k.channel(mid, strongest), {steps: 8, seed: 1});
      out.render_objective = [r.objectiveBefore, r.objectiveAfter];
      out.render_pixels = Array.from(r.image.data);
    }
    // looking back: the three backward rules from one unit
    at("projection");
    if (!skip.includes("projection")) for (const rule of k.RULES) {
      const p = await k.project(model, x, {kind: "channel", layer: deep, channel: 0}, rule);
      out["projection_" + rule] = await values(p.map);
    }
    // and invariance: each layer's relative feature distance and P(class) under vertical shifts
    at("invariance");
    const inv = await k.invariance(model, x, "translate", [-0.2, 0, 0.2], [mid, deep], 0);
    out.invariance_relative = inv.relative.flat();
    out.invariance_probabilities = inv.probability;
    // optimizing the input: FGSM at 2 levels, and one DeepDream octave
    at("fgsm");
    if (!skip.includes("fgsm")) {
      const a = await k.fgsm(model, x, {epsilon: 2});
      out.fgsm_probabilities = await values(tf.tidy(() => model.probabilities(a)));
      a.dispose();
    }
    at("dream");
    if (!skip.includes("dream")) {
      const d = await k.dream(model, x, {layer: mid, octaves: 1, stepsPerOctave: 5});
      out.dream_objective = [d.objectiveBefore, d.objectiveAfter];
    }
    // shifts: the probabilities at every diagonal shift up to 8 px (black borders)
    at("shifts");
    const img = {data: Float32Array.from(await x.data()), width: w, height: h};
    const sweep = await k.sweepShifts(model, k.shiftSource(img, "black", k.defaultGeometry(model.inputSize, false, 8)));
    out.shift_probabilities = sweep.probabilities.flatMap((p) => Array.from(p));
    // Gram and style: the Gram matrices of the style layers, and 10 steps of texture synthesis
    at("gram");
    const layers = k.gramLayers(model).style;
    const grams = k.targetGrams(model, x, layers);
    out.gram = [];
    for (const g of grams.values()) out.gram.push(...(await values(g)));
    // the shuffle figure: how far shuffling 16-px patches moves the features and the Gram matrix
    at("gram-shuffle");
    const c = await k.shuffleComparison(model, x, layers[0], {patch: 16, seed: 1});
    c.shuffled.dispose();
    out.gram_shuffle = [c.featureDistance, c.gramDistance];
    at("texture");
    if (!skip.includes("texture")) {
      const t = await k.synthesizeTexture(model, x, {layers, size: h, steps: 10, seed: 0});
      out.texture_loss = [t.firstLoss, t.lastLoss];
    }
    out.tensors_left = [tf.memory().numTensors - before];
  } catch (e) {
    throw new Error(step + ": " + (e && e.message));
  } finally {
    x.dispose();
    model.dispose();
  }
  return out;
}`;

/**
 * Largest difference from wasm, relative to the largest magnitude of wasm's values (absolute
 * for probabilities), allowed per quantity: a forward pass differs only by float32 rounding
 * order; gradients add a backward pass; a few optimisation steps let rounding grow.
 */
const TOLERANCE: Record<string, number> = {
  probabilities: 1e-4, channel_means: 1e-4, gram: 1e-4, gram_shuffle: 1e-4, shift_probabilities: 1e-4,
  invariance_relative: 1e-3, invariance_probabilities: 1e-4, // the transform's bilinear sampling, then a forward pass
  projection_backprop: 1e-3, projection_deconvnet: 1e-3, projection_guided: 1e-3,
  fgsm_probabilities: 1e-2, render_objective: 1e-2, dream_objective: 1e-2, texture_loss: 1e-2,
};
/** 8-bit pixels of the 8-step render: largest mean absolute difference, in levels. */
const RENDER_PIXEL_LEVELS = 3;

/**
 * Measured, explained, not arithmetic (docs/benchmarks.md "Backends agree"): the deconvnet
 * rule routes the signal through max-pool switches even where the forward ReLU output was 0,
 * and in an all-zero pooling window every position is a maximum; WebGL's max-pool gradient
 * picks another position than wasm's, so the maps differ there (backprop and guided
 * backpropagation mask those units and agree to 1e-7). And the channel render: its first 16
 * steps pass gradients through ReLUs that were off (the "redirected" ReLU gradient), and the two
 * backends do not redirect alike on ShapeTex's fused conv + ReLU layers: from the same start
 * (objective 0), 8 steps reach 0.35 on wasm and 0.097 on WebGL; without the redirect both stay
 * at 0 with identical pixels. Not yet explained; listed so that it stays measured. WebGPU
 * redirects like wasm (the same objective and pixels), so the render is not listed for it; its
 * deconvnet differs as WebGL's does, for the same reason: tfjs's WebGPU max-pool positions take
 * the last of tied maxima (`value >= max`), while wasm's sends an all-zero window's gradient
 * nowhere (its maximum starts at the smallest positive float; measured 0.57 on both GPU backends).
 */
const KNOWN_DIFFERENCES: Record<string, string[]> = {webgl: ["projection_deconvnet", "render_objective", "render_pixels"], webgpu: ["projection_deconvnet"]};

/**
 * Not run on a backend: nothing at present. On headless Chromium's software WebGPU adapter
 * (SwiftShader) tfjs's synchronous read (dataSync), which goes through a WebGPU canvas, destroys
 * the device ("Device was destroyed"; measured: 40 forward passes read with `await data()` ran,
 * the fourth one read with dataSync lost the device) and the page falls back to WebGL
 * (test/e2e/webgpu.test.ts tests that fallback); every computation here now reads with
 * `await data()`, so all run on WebGPU. A computation that cannot yet is listed here by its step
 * name (docs/benchmarks.md "Backends agree").
 */
const SKIPPED: Record<string, string[]> = {};

const isProbability = (k: string) => k.endsWith("probabilities");

function difference(key: string, a: number[], b: number[]): number {
  assert.equal(a.length, b.length, `${key}: lengths`);
  const max = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
  if (isProbability(key)) return max;
  const scale = Math.max(...a.map(Math.abs));
  return scale > 0 ? max / scale : max;
}

const meanLevels = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

describe("every chapter's computation agrees across browser backends (e2e, ShapeTex)", {concurrency: false}, () => {
  let s: Session | null = null;
  const results = new Map<string, Quantities>();
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite({args: ["--enable-unsafe-webgpu"]});
  });
  after(async () => s?.close());

  async function computeOn(backend: string, skip: string[]): Promise<Quantities> {
    const page = s!.page;
    await page.goto(s!.url(`/models?backend=${backend}`)); // a page that computes nothing on load
    await page.waitForSelector(`.cnn-backend[data-backend=${backend}]`, {timeout: 240_000});
    return (await page.evaluate(`(${COMPUTE})(${JSON.stringify(packedShapeTexUrl())}, ${JSON.stringify(skip)})`)) as Quantities;
  }

  for (const backend of ["wasm", "webgl", "webgpu"]) {
    const skip = SKIPPED[backend] ?? [];
    test(backend === "wasm" ? "wasm: every quantity computed, no tensor left behind" : `${backend}: every quantity${skip.length ? ` but ${skip.join(", ")}` : ""} agrees with wasm`, {timeout: 600_000}, async (t) => {
      if (!requireChromium(t) || !s) return;
      const q = await computeOn(backend, skip);
      for (const [k, v] of Object.entries(q)) assert.ok(v.length > 0 && v.every(Number.isFinite), `${backend} ${k}: finite numbers`);
      results.set(backend, q);
      if (backend === "wasm") return assert.deepEqual(q.tensors_left, [0], "no tensor leaked");
      const wasm = results.get("wasm");
      assert.ok(wasm, "wasm ran first");
      const report: string[] = [], over: string[] = [];
      const known = KNOWN_DIFFERENCES[backend] ?? [];
      for (const [key, tol] of Object.entries(TOLERANCE)) {
        if (!(key in q) && skip.some((k) => key.startsWith(k))) continue; // fgsm_probabilities, projection_*
        const d = difference(key, wasm[key], q[key]);
        report.push(`${key} ${d.toExponential(1)}`);
        if (!(d <= tol) && !known.includes(key)) over.push(`${key}: ${d.toExponential(2)} > ${tol}`);
      }
      if ("render_pixels" in q) {
        const levels = meanLevels(wasm.render_pixels, q.render_pixels);
        report.push(`render pixels ${levels.toFixed(3)} levels`);
        if (!(levels <= RENDER_PIXEL_LEVELS) && !known.includes("render_pixels")) over.push(`render pixels: ${levels} levels on average`);
      }
      // tensor counts on the GPU pages move with the page's own cells, so only wasm's count is asserted
      console.log(`${backend} vs wasm: ${report.join(", ")}; render objective ${wasm.render_objective} vs ${q.render_objective ?? "not run"}; tensor count change ${q.tensors_left}`);
      assert.deepEqual(over, [], `${backend} vs wasm, over the tolerance`);
    });
  }
});

/** The packed ShapeTex file's URL in the built site (its name carries a content hash). */
function packedShapeTexUrl(): string {
  const f = readdirSync(path.join(ensureBuilt(), "_file/data/zoo")).find((n) => /^shapetex\.[0-9a-f]{8}\.bin$/.test(n));
  assert.ok(f, "dist/_file/data/zoo/shapetex.<hash>.bin");
  return `/_file/data/zoo/${f}`;
}
