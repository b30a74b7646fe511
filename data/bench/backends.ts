// The same compute on each browser backend, on the built site in headless Chromium (WebGPU on
// SwiftShader's software adapter, forced with ?backend=webgpu): one training step of a
// ShapeTex-shaped CNN (six 3x3 ReLU convs 16-32-64, three 2x2 max pools, batch 32 at 32 px,
// random weights, gradients of every weight), median of 5 after 2 warm-ups. This is what tells
// whether a software WebGPU adapter is worth using (components/tf/browser.ts skips it).
import {existsSync} from "node:fs";
import path from "node:path";
import {withSiteBrowser} from "./browser.ts";

// Plain JS, run in the page (a string: tsx would add helpers the page does not have).
const STEP_TIMING = `(async () => {
  const href = [...document.querySelectorAll("link[rel=modulepreload]")].map((l) => l.href).find((h) => /\\/_bundle\\/cnn\\.[^/]+\\.js$/.test(h));
  const {tf} = await import(href);
  const widths = [16, 16, 32, 32, 64, 64];
  let cin = 3;
  const ws = widths.map((w, i) => tf.variable(tf.randomNormal([3, 3, cin, (cin = w)], 0, 0.1, "float32", i)));
  const x = tf.randomUniform([32, 32, 32, 3], -1, 1, "float32", 9);
  const step = async () => {
    const {value, grads} = tf.variableGrads(() => {
      let h = x;
      ws.forEach((w, i) => {
        h = tf.relu(tf.conv2d(h, w, 1, "same"));
        if (i % 2 === 1) h = tf.maxPool(h, 2, 2, "same");
      });
      return h.mean();
    }, ws);
    await value.data();
    await Promise.all(Object.values(grads).map((g) => g.data()));
    tf.dispose([value, ...Object.values(grads)]);
  };
  for (let i = 0; i < 2; i++) await step();
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await step();
    times.push(performance.now() - t);
  }
  tf.dispose([x, ...ws]);
  return times.sort((a, b) => a - b)[2];
})()`;

export async function benchBackends(backends = ["wasm", "webgl", "webgpu"]): Promise<Record<string, number>> {
  if (!existsSync(path.resolve("dist/index.html"))) return {};
  return withSiteBrowser(async (context, origin) => {
    const out: Record<string, number> = {};
    for (const backend of backends) {
      const page = await context.newPage();
      await page.goto(`${origin}/?backend=${backend}`);
      await page.waitForSelector(`.cnn-backend[data-backend=${backend}]`, {timeout: 240_000});
      const ms = Number(await page.evaluate(STEP_TIMING));
      out[`shapetex_train_step_ms.chromium_${backend}`] = Math.round(ms);
      await page.close();
    }
    return out;
  });
}
