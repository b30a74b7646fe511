// The chapters' heavy computations in headless Chromium, per network and backend (wasm; WebGL,
// which is SwiftShader on a machine without a GPU): a forward pass, one feature-visualization step
// (the papers' networks), a projection per backward rule, an occlusion map, one FGSM, a 10-step
// PGD and one DeepDream octave — the same settings as the Node benches (backward.ts, optimize.ts,
// papers.ts), so the rows compare. Runs the figures' own functions through the bundle's
// `benchKit`. Needs dist/. BENCH_MODELS=a,b and BENCH_BACKENDS=wasm,webgl narrow it. Also writes
// data/bench/chromium.json. `npm run bench -- chromium`. BENCH_SKIP=pgd,dream,featvis,occlusion,projection,fgsm leaves those out;
// BENCH_SIZES=128 times the papers' networks at that size only.
import {existsSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {withSiteBrowser} from "./browser.ts";

// The papers' networks get feature-visualization steps at these layers and sizes (as papers.ts).
const FEATVIS_LAYERS: Record<string, string> = {"googlenet": "inception_4a", "resnet-50": "res4a"};
// BENCH_SIZES=128 narrows them (one 224-px WebGL step of GoogLeNet took 8 minutes on SwiftShader)
const PAPER_SIZES = process.env.BENCH_SIZES?.split(",").map(Number) ?? [128, 224];

// Plain JS run in the page (a string: tsx would add helpers the page does not have). Every
// timing is one run after a warm-up of the same call (SwiftShader makes repeats too costly).
const MEASURE = `async (cfg) => {
  const href = [...document.querySelectorAll("link[rel=modulepreload]")].map((l) => l.href).find((h) => /\\/_bundle\\/cnn\\.[^/]+\\.js$/.test(h));
  const {tf, benchKit: k} = await import(href);
  const model = await k.loadPackedModel(await (await fetch(cfg.url)).arrayBuffer());
  await new Promise((r) => setTimeout(r, 1000)); // the page's own cells finish creating their tensors
  const out = {};
  const once = async (fn) => { const t = performance.now(); await fn(); return Math.round(performance.now() - t); };
  const timed = async (fn) => { await fn(); return once(fn); };
  const [h, w] = model.inputSize;
  const x = k.noiseImage([h, w], 64, 1);
  const before = tf.memory().numTensors;
  try {
    for (const size of cfg.forwardSizes.length ? cfg.forwardSizes : [h]) {
      const xs = tf.randomUniform([1, size, size, 3], 0, 1, "float32", 1);
      out["forward_ms@" + size + "px"] = await timed(async () => { const y = tf.tidy(() => model.logits(xs)); await y.data(); y.dispose(); });
      xs.dispose();
    }
    if (cfg.featvisLayer && !cfg.skip.includes("featvis")) for (const size of cfg.forwardSizes) {
      await k.render(model, k.channel(cfg.featvisLayer, 0), {size, steps: 1, seed: 1});
      const r = await k.render(model, k.channel(cfg.featvisLayer, 0), {size, steps: 2, seed: 1});
      out["featvis_ms_per_step." + cfg.featvisLayer + "@" + size + "px"] = Math.round((1000 * r.seconds) / 2);
    }
    const maps = model.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");
    const layer = maps[Math.floor((maps.length * 2) / 3)].name;
    let warm = false;
    if (!cfg.skip.includes("projection")) for (const rule of k.RULES) {
      const run = async () => { const p = await k.project(model, x, {kind: "channel", layer, channel: 0}, rule); await p.map.data(); p.map.dispose(); };
      out["projection_ms." + rule] = warm ? await once(run) : await timed(run);
      warm = true;
    }
    if (!cfg.skip.includes("occlusion")) out.occlusion_map_ms = await once(() => k.occlusionMap(model, x, {size: Math.round(h / 4), stride: Math.round(h / 8)}));
    if (!cfg.skip.includes("fgsm")) out.fgsm_ms = await timed(async () => { const a = await k.fgsm(model, x, {epsilon: 2}); await a.data(); a.dispose(); });
    if (!cfg.skip.includes("pgd")) out.pgd10_ms = await once(async () => (await k.pgd(model, x, {epsilon: 4, step: 1, iterations: 10, target: 1})).adversarial.dispose());
    if (!cfg.skip.includes("dream")) out.dream_octave10_ms = await once(() => k.dream(model, x, {layer: maps[Math.floor(maps.length / 2)].name, octaves: 1, stepsPerOctave: 10}));
    out.tensors_leaked = tf.memory().numTensors - before; // the computations' leftovers: should be 0
  } finally {
    x.dispose();
    model.dispose();
  }
  return out;
}`;

/** Packed networks of the built site: id -> URL path. */
function packedNetworks(): Map<string, string> {
  const dir = path.resolve("dist/_file/data/zoo");
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) {
    const m = /^(.+)\.[0-9a-f]{8}\.bin$/.exec(f);
    if (m) out.set(m[1], `/_file/data/zoo/${f}`);
  }
  return out;
}

export async function benchChromium(): Promise<Record<string, number>> {
  const networks = packedNetworks();
  if (!networks.size) return {};
  const ids = process.env.BENCH_MODELS?.split(",") ?? [...networks.keys()];
  const backends = process.env.BENCH_BACKENDS?.split(",") ?? ["wasm", "webgl"];
  // BENCH_SKIP=pgd,dream,featvis,occlusion,projection,fgsm leaves out the longest timings (for WebGL on SwiftShader here)
  const skip = process.env.BENCH_SKIP?.split(",") ?? [];
  const out: Record<string, number> = {};
  await withSiteBrowser(async (context, origin) => {
    for (const backend of backends) {
      for (const id of ids) {
        const url = networks.get(id);
        if (!url) throw new Error(`no packed network "${id}" in dist/`);
        // a fresh page per network: one network's kernels and textures never slow the next
        const page = await context.newPage();
        try {
          await page.goto(`${origin}/models?backend=${backend}`); // a page that computes nothing on load
          await page.waitForSelector(`.cnn-backend[data-backend=${backend}]`, {timeout: 240_000});
          const cfg = {url, skip, featvisLayer: FEATVIS_LAYERS[id] ?? null, forwardSizes: id in FEATVIS_LAYERS ? PAPER_SIZES : []};
          const r = (await page.evaluate(`(${MEASURE})(${JSON.stringify(cfg)})`)) as Record<string, number>;
          for (const [k, v] of Object.entries(r)) out[`${k}.${id}.chromium_${backend}`] = v;
          out[`load_average.${id}.chromium_${backend}`] = +os.loadavg()[0].toFixed(1); // a shared machine's other work
          process.stderr.write(`bench chromium: ${id} on ${backend}: ${JSON.stringify(r)}\n`);
        } finally {
          await page.close();
        }
      }
    }
  });
  // merged into the file, so that runs narrowed with BENCH_MODELS / BENCH_BACKENDS add up
  const file = new URL("./chromium.json", import.meta.url);
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({...earlier, machine: "2 cores, headless Chromium, no GPU", ...out}, null, 2) + "\n");
  return out;
}
