// The heaviest live figure: a GoogLeNet render of its last layer, inception_5b (every step a
// forward and backward pass through the whole network at 128 px), on the feature-visualization
// page (headless Chromium, ?backend=wasm, the asset mirror's GoogLeNet). The render runs in a Web Worker
// (components/featvis/render-worker.ts), so while it steps, key presses on another control are
// each handled within 100 ms, measured as the training test does (handler time minus the
// event's timestamp, by a capturing listener on the window); Cancel ends it within the grace
// period, the main thread holds no more tensors than before, and the console stays clean.
// Without Web Workers the same render runs on the main thread, says why, and draws the very
// pixels the worker drew (ShapeTex, wasm in both); on WebGL and on WebGPU the worker renders on
// that backend too (WebGL through OffscreenCanvas) and draws the main thread's pixels. The worker's download of the network shows on
// the bar, complete, before the first step.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {listMs, pressKeys, watchKeyDelays} from "../helpers/key-delays.ts";
import {chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {requireMirror} from "../helpers/mirror.ts";

const PRESSES = 12;
const STEPS = 16; // the fewest the Steps slider offers: we cancel long before the end

describe("feature visualization: GoogLeNet's live render in a Web Worker (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite({args: ["--enable-unsafe-webgpu"]}); // WebGPU on SwiftShader's software adapter, for the ?backend=webgpu render
  });
  after(async () => s?.close());

  test("while GoogLeNet renders, every key press on another control is handled within 100 ms; Cancel ends it", {timeout: 600_000}, async (t) => {
    if (!requireChromium(t) || !requireMirror(t) || !s) return;
    const page = s.page;
    await page.goto(s.url(`/feature-visualization?backend=wasm&model=googlenet&layer=inception_5b&render.steps=${STEPS}`), {waitUntil: "load"});
    await page.waitForSelector(".cnn-featvis-picker[data-model=googlenet]", {timeout: 300_000});
    assert.equal(await page.getAttribute("#featvis-live", "data-layer"), "inception_5b");
    // the page's own start-up work (the channel chart runs GoogLeNet once on this thread) is over first
    await page.waitForFunction(() => document.querySelectorAll("#featvis-bars rect").length > 0, null, {timeout: 400_000});
    await waitForCells(page, 300_000);
    const live = page.locator("#featvis-live");
    const tv = live.getByLabel("Total variation penalty");
    await watchKeyDelays(page);
    const memory = () => page.evaluate(() => (window as unknown as {cnnDebug: {memory(): {numTensors: number} | null}}).cnnDebug.memory()?.numTensors ?? -1);
    const tensorsBefore = await memory();
    const progressStep = () => page.$eval("#featvis-live .cnn-progress progress", (p) => Math.round((p as HTMLProgressElement).value * 16));
    // the worker's download of the network shows on the bar before the steps do
    await page.evaluate(() => {
      const notes: string[] = ((window as unknown as {cnnDownloadNotes: string[]}).cnnDownloadNotes = []);
      const root = document.querySelector("#featvis-live")!;
      new MutationObserver(() => {
        const text = root.querySelector(".cnn-progress span")?.textContent ?? "";
        if (/downloading the network/.test(text) && notes.at(-1) !== text) notes.push(text);
      }).observe(root, {subtree: true, childList: true, characterData: true});
    });
    await live.getByRole("button", {name: /Render .* live/}).click();
    await page.waitForSelector("#featvis-live[data-engine]", {timeout: 300_000});
    await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>("#featvis-live .cnn-progress progress")?.value) > 0, null, {timeout: 300_000});
    const notes = await page.evaluate(() => (window as unknown as {cnnDownloadNotes: string[]}).cnnDownloadNotes);
    assert.ok(notes.length >= 1, "the download was shown");
    assert.match(notes.at(-1)!, /downloading the network in a background worker: (\d+\.\d) MB of \1 MB/, `last download note: ${notes.at(-1)}`);
    assert.equal(await page.getAttribute("#featvis-live", "data-engine"), "worker");
    assert.equal(await page.getAttribute("#featvis-live", "data-backend"), "wasm");
    assert.match(await live.locator(".cnn-live-engine").innerText(), /background worker \(wasm\)/);
    const first = await progressStep();
    const tvBefore = await tv.inputValue();
    await tv.focus();
    const {delays, longTasks} = await pressKeys(page, PRESSES, async (i) => {
      assert.equal(await page.getAttribute("#featvis-live", "data-state"), "running", `still rendering at press ${i + 1}`);
    });
    const last = await progressStep();
    assert.equal(delays.length, PRESSES);
    assert.ok(Math.max(...delays) < 100, `key press delays (ms): ${listMs(delays)}; main-thread tasks over 50 ms: ${listMs(longTasks)}`);
    assert.equal(await tv.inputValue(), tvBefore, "the presses reached the slider (an even number of right/left)");
    const t0 = Date.now();
    await live.locator(".cnn-progress button").click();
    await page.waitForFunction(() => document.querySelector("#featvis-live")?.getAttribute("data-state") === "cancelled", null, {timeout: 30_000});
    const cancelMs = Date.now() - t0;
    assert.ok(cancelMs < 5_000, `Cancel took ${cancelMs} ms`);
    assert.match(await live.locator(".cnn-live-summary").innerText(), /^Cancelled/);
    assert.equal(await live.getByRole("button", {name: /Render .* live/}).isDisabled(), false, "the reader can render again");
    assert.equal(await memory(), tensorsBefore, "the render left no tensor on the main thread");
    t.diagnostic(`delays ms: ${listMs(delays)}; steps ${first}→${last} of ${STEPS}; cancel ${cancelMs} ms; long tasks: ${listMs(longTasks)}`);
    assert.deepEqual(problems(s), []);
  });

  /** Render ShapeTex conv2_1 channel 5 live (16 steps) on `backend`; the engine, its notes and the pixels. */
  const renderShapeTex = async (page: Page, backend: string) => {
    await page.goto(s!.url(`/feature-visualization?backend=${backend}&model=shapetex&layer=conv2_1&channel=5&render.steps=16`), {waitUntil: "load"});
    await page.waitForSelector(".cnn-featvis-picker[data-model=shapetex]", {timeout: 240_000});
    await waitForCells(page, 240_000);
    await page.locator("#featvis-live").getByRole("button", {name: /Render .* live/}).click();
    await page.waitForSelector("#featvis-live[data-state=done]", {timeout: 300_000});
    return {
      engine: await page.getAttribute("#featvis-live", "data-engine"),
      backend: await page.getAttribute("#featvis-live", "data-backend"),
      note: await page.locator("#featvis-live .cnn-live-engine").innerText(),
      summary: await page.locator("#featvis-live .cnn-live-summary").innerText(),
      pixels: await page.$eval("#featvis-live canvas.cnn-render", (c) => {
        const canvas = c as HTMLCanvasElement;
        return Array.from(canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data);
      }),
    };
  };

  /** The same render with and without Web Workers on `backend`: the two results. */
  const workerAndPage = async (backend: string) => {
    const inWorker = await renderShapeTex(s!.page, backend);
    const page = await s!.context.newPage();
    try {
      await page.addInitScript(() => { delete (window as {Worker?: unknown}).Worker; });
      return {inWorker, onPage: await renderShapeTex(page, backend)};
    } finally {
      await page.close();
    }
  };

  const differing = (a: number[], b: number[]) => {
    assert.equal(a.length, b.length);
    assert.ok(a.length > 0);
    return a.filter((v, i) => v !== b[i]).length;
  };

  test("without Web Workers the render runs on the main thread, says why, and draws the worker's pixels", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {inWorker, onPage} = await workerAndPage("wasm");
    assert.equal(inWorker.engine, "worker");
    assert.equal(onPage.engine, "page");
    assert.match(onPage.note, /main thread \(wasm\): this browser offers no Web Workers\.$/);
    assert.match(onPage.summary, /^Done: 16 steps .* on the page's main thread \(wasm\)/);
    assert.match(inWorker.summary, /^Done: 16 steps .* in a background worker \(wasm\)/);
    const differ = differing(onPage.pixels, inWorker.pixels);
    assert.equal(differ, 0, `${differ} of ${onPage.pixels.length} RGBA bytes differ`);
    assert.deepEqual(problems(s), []);
  });

  for (const [backend, name] of [["webgl", "WebGL"], ["webgpu", "WebGPU"]]) {
    test(`on ${name} the worker renders on ${name} too and draws the main thread's ${name} pixels`, {timeout: 600_000}, async (t) => {
      if (!requireChromium(t) || !s) return;
      const {inWorker, onPage} = await workerAndPage(backend);
      assert.equal(inWorker.engine, "worker");
      assert.equal(inWorker.backend, backend, `the worker's backend (${inWorker.note})`);
      assert.match(inWorker.summary, new RegExp(`^Done: 16 steps .* in a background worker \\(${backend}\\)`));
      assert.equal(onPage.engine, "page");
      assert.equal(onPage.backend, backend);
      const differ = differing(onPage.pixels, inWorker.pixels);
      t.diagnostic(`${differ} of ${onPage.pixels.length} RGBA bytes differ between the worker's and the page's ${name} render`);
      assert.equal(differ, 0, `${differ} of ${onPage.pixels.length} RGBA bytes differ`);
      assert.deepEqual(problems(s), []);
    });
  }
});
