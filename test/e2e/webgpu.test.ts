// WebGPU in the page (components/tf/browser.ts): forced with ?backend=webgpu it runs on
// headless Chromium's software adapter (SwiftShader, --enable-unsafe-webgpu) and classifies
// like wasm (top-5 probabilities within 1e-3); unforced, the software adapter is skipped for
// WebGL; with no adapter at all the page falls back too; a lost WebGPU device falls back to
// WebGL with a notice, and the figure computes again. The texture chapter's in-page training
// (augmented batches and the bias check on the page's backend) runs without losing the device.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {cellErrors, chromiumMissing, openSite, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";

const HOME = "/?model=shapetex&sample=shapetex-star-waves";
const TOLERANCE = 1e-3;

type Top5 = Array<{label: string; probability: number}>;

/** Record every figure result the page reports (components/site/embed.ts reportResult). */
async function recordResults(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as {cnnResults: unknown[]};
    w.cnnResults = [];
    document.addEventListener("cnn-result", (e) => w.cnnResults.push((e as CustomEvent).detail));
  });
}

async function classification(page: Page, query: string, url: (p: string) => string): Promise<{backend: string; title: string; top5: Top5}> {
  await page.goto(url(`${HOME}${query}`));
  await page.waitForSelector(".cnn-classify[data-state=done]", {timeout: 240_000});
  const badge = page.locator(".cnn-backend").first();
  const top5 = await page.evaluate(() => {
    const r = (window as unknown as {cnnResults: Array<{widget: string; result: {top5: Top5}}>}).cnnResults.filter((x) => x.widget === "classify");
    return r[r.length - 1]?.result.top5;
  });
  return {backend: (await badge.getAttribute("data-backend")) ?? "", title: (await badge.getAttribute("title")) ?? "", top5};
}

describe("WebGPU backend (e2e, software adapter)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite({args: ["--enable-unsafe-webgpu"]});
    await recordResults(s.page);
  });
  after(async () => s?.close());

  test("?backend=webgpu classifies like wasm; unforced, the software adapter is skipped for WebGL", {timeout: 600_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const gpu = await classification(s.page, "&backend=webgpu", s.url);
    assert.equal(gpu.backend, "webgpu");
    const wasm = await classification(s.page, "&backend=wasm", s.url);
    assert.equal(wasm.backend, "wasm");
    assert.deepEqual(gpu.top5.map((p) => p.label), wasm.top5.map((p) => p.label));
    const diff = Math.max(...gpu.top5.map((p, i) => Math.abs(p.probability - wasm.top5[i].probability)));
    console.log(`webgpu vs wasm: top-5 probabilities differ by at most ${diff.toExponential(2)}`);
    assert.ok(diff < TOLERANCE, `webgpu and wasm probabilities differ by ${diff}`);
    const auto = await classification(s.page, "", s.url);
    assert.equal(auto.backend, "webgl");
    assert.match(auto.title, /webgpu unavailable: only a software WebGPU adapter/);
    assert.deepEqual(auto.top5.map((p) => p.label), wasm.top5.map((p) => p.label));
  });

  test("the texture chapter trains a network with the page on WebGPU, and the device survives", {timeout: 600_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/texture-vs-shape?backend=webgpu"), {waitUntil: "load"});
    await page.waitForSelector("#texture-train button[name=train]", {timeout: 120_000});
    // random crops and colour jitter: the page draws those batches on its own backend
    for (const [name, v] of [["steps", 20], ["crop", 0.6], ["jitter", 0.3]] as const) {
      await page.$eval(`#texture-train [data-setting=${name}]`, (el, v) => { (el as unknown as {value: number}).value = v; }, v);
    }
    await page.click("#texture-train button[name=train]");
    await page.waitForFunction(() => ["done", "error"].includes(document.querySelector("#texture-train")?.getAttribute("data-state") ?? ""), null, {timeout: 480_000});
    assert.equal(await page.locator("#texture-train").getAttribute("data-state"), "done", await page.locator("#texture-train .cnn-texture-status").innerText());
    const bias = Number(await page.locator("#texture-train tr[data-run=yours]").last().getAttribute("data-shape-bias"));
    assert.ok(bias >= 0 && bias <= 1, `shape bias ${bias}`);
    assert.equal(await page.locator(".cnn-fallback-notice").count(), 0, "no fallback notice");
    assert.equal(await page.locator(".cnn-backend").first().getAttribute("data-backend"), "webgpu");
  });

  test("a lost WebGPU device falls back to WebGL with a notice and classifies again", {timeout: 600_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await classification(page, "&backend=webgpu", s.url);
    const widgetBefore = await page.locator(".cnn-classify").elementHandle();
    const lost = await page.evaluate(async () => {
      const href = [...document.querySelectorAll<HTMLLinkElement>("link[rel=modulepreload]")].map((l) => l.href).find((h) => /\/_bundle\/cnn\.[^/]+\.js$/.test(h));
      if (!href) return "no bundle module on the page";
      const m = await import(href);
      const device = m.tf.backend().device as {destroy(): void} | undefined;
      if (!device) return "no WebGPU device";
      device.destroy(); // what a GPU reset looks like to the page: GPUDevice.lost resolves
      return "lost";
    });
    assert.equal(lost, "lost");
    await page.waitForSelector(".cnn-fallback-notice", {timeout: 60_000});
    assert.match(await page.locator(".cnn-fallback-notice").innerText(), /WebGPU device was lost.*WebGL/s);
    await page.waitForSelector(".cnn-backend[data-backend=webgl]", {timeout: 120_000});
    assert.match(await page.locator(".cnn-backend").first().innerText(), /webgl \(WebGPU device lost\)/);
    await page.waitForFunction((old) => {
      const w = document.querySelector(".cnn-classify");
      return w && w !== old && w.getAttribute("data-state") === "done";
    }, widgetBefore, {timeout: 240_000});
    assert.equal(await page.locator(".cnn-classify").getAttribute("data-top1"), "star");
    await waitForCells(page);
    assert.deepEqual(await cellErrors(page), [], "no cell was left broken");
  });
});

describe("without WebGPU (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    await recordResults(s.page);
  });
  after(async () => s?.close());

  test("the page falls back to WebGL and says why WebGPU was skipped", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const r = await classification(s.page, "", s.url);
    assert.equal(r.backend, "webgl");
    assert.match(r.title, /webgpu unavailable: (no WebGPU adapter|this browser offers no WebGPU)/);
    assert.equal(r.top5[0].label, "star");
  });
});
