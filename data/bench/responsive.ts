// Responsiveness while the page computes: during the texture chapter's in-page training (the
// heaviest live work on the embedded networks: ShapeTex, batch 32, 1500 steps) we press a key
// on another control 12 times and measure, in the page, how long each keydown waited before
// its handler ran (handler time minus the event's timestamp), then press Cancel and time how
// long the run takes to stop; then the same during a GoogLeNet live render (renderCase). Goal:
// every delay under 100 ms. Needs dist/ (npm run build).
import {existsSync} from "node:fs";
import path from "node:path";
import type {BrowserContext} from "playwright-core";
import {withSiteBrowser} from "./browser.ts";

const PRESSES = 12;

export async function benchResponsive(backends = ["wasm"]): Promise<Record<string, number>> {
  if (!existsSync(path.resolve("dist/texture-vs-shape.html"))) return {};
  return withSiteBrowser(async (context, origin) => {
    const out: Record<string, number> = {};
    for (const backend of backends) {
      const page = await context.newPage();
      await page.goto(`${origin}/texture-vs-shape?backend=${backend}&train.steps=1500`, {waitUntil: "load"});
      await page.waitForSelector("#texture-train button[name=train]", {timeout: 240_000});
      const seed = "#texture-train [data-setting=seed] input[type=range]";
      await page.$eval(seed, (el) => {
        const w = window as unknown as {delays: number[]};
        w.delays = [];
        el.addEventListener("keydown", (e) => w.delays.push(performance.now() - e.timeStamp));
      });
      await page.click("#texture-train button[name=train]", {timeout: 120_000});
      await page.waitForFunction(() => /Training: [1-9]/.test(document.querySelector("#texture-train .cnn-progress")?.textContent ?? ""), null, {timeout: 120_000});
      await page.focus(seed);
      for (let i = 0; i < PRESSES; i++) {
        await page.keyboard.press(i % 2 ? "ArrowLeft" : "ArrowRight");
        await page.waitForTimeout(150 + 37 * (i % 5)); // presses land at different points of a step
      }
      const delays = (await page.evaluate(() => (window as unknown as {delays: number[]}).delays)).sort((a, b) => a - b);
      const t0 = performance.now();
      await page.click("#texture-train .cnn-progress button", {timeout: 120_000});
      await page.waitForFunction(() => document.querySelector("#texture-train")?.getAttribute("data-state") === "cancelled", null, {timeout: 120_000});
      out[`training_keydown_delay_ms.${backend}.median`] = +delays[Math.floor(delays.length / 2)].toFixed(1);
      out[`training_keydown_delay_ms.${backend}.max`] = +delays[delays.length - 1].toFixed(1);
      out[`training_keydown_delay_ms.${backend}.n`] = delays.length;
      out[`training_cancel_ms.${backend}`] = Math.round(performance.now() - t0);
      await page.close();
      Object.assign(out, await renderCase(context, origin, backend));
    }
    return out;
  });
}

/**
 * The same measurement during the heaviest live render: GoogLeNet on the feature-visualization
 * page (inception_5b, the whole network each step; 16 steps at 128 px, in the render worker), with key presses on the total-variation
 * slider. Nothing when this build has no GoogLeNet (the picker does not open on it).
 */
async function renderCase(context: BrowserContext, origin: string, backend: string): Promise<Record<string, number>> {
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/feature-visualization?backend=${backend}&model=googlenet&layer=inception_5b&render.steps=16`, {waitUntil: "load"});
    try {
      await page.waitForSelector(".cnn-featvis-picker[data-model=googlenet]", {timeout: 240_000});
    } catch {
      return {};
    }
    await page.waitForFunction(() => document.querySelectorAll("#featvis-bars rect").length > 0, null, {timeout: 400_000});
    await page.evaluate(() => {
      const w = window as unknown as {delays: number[]};
      w.delays = [];
      window.addEventListener("keydown", (e) => w.delays.push(performance.now() - e.timeStamp), true);
    });
    await page.getByRole("button", {name: /Render .* live/}).click();
    await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>("#featvis-live .cnn-progress progress")?.value) > 0, null, {timeout: 300_000});
    await page.locator("#featvis-live").getByLabel("Total variation penalty").focus();
    for (let i = 0; i < PRESSES; i++) {
      await page.keyboard.press(i % 2 ? "ArrowLeft" : "ArrowRight");
      await page.waitForTimeout(150 + 37 * (i % 5));
    }
    const delays = (await page.evaluate(() => (window as unknown as {delays: number[]}).delays)).sort((a, b) => a - b);
    const engine = await page.getAttribute("#featvis-live", "data-engine");
    const t0 = performance.now();
    await page.click("#featvis-live .cnn-progress button", {timeout: 120_000});
    await page.waitForFunction(() => document.querySelector("#featvis-live")?.getAttribute("data-state") === "cancelled", null, {timeout: 120_000});
    return {
      [`googlenet_render_keydown_delay_ms.${backend}.median`]: +delays[Math.floor(delays.length / 2)].toFixed(1),
      [`googlenet_render_keydown_delay_ms.${backend}.max`]: +delays[delays.length - 1].toFixed(1),
      [`googlenet_render_keydown_delay_ms.${backend}.n`]: delays.length,
      [`googlenet_render_cancel_ms.${backend}`]: Math.round(performance.now() - t0),
      [`googlenet_render_in_worker.${backend}`]: engine === "worker" ? 1 : 0,
    };
  } finally {
    await page.close();
  }
}
