// The texture chapter's in-page training runs in a Web Worker (components/tf/worker-stepper.ts),
// in headless Chromium on wasm: while a long run trains, key presses on another slider are
// each handled within 100 ms (measured in the page: handler time minus the event's
// timestamp, by a capturing listener), training advances in between, and Cancel leaves the
// table as it was. A short run on the worker gives, to the last decision, the numbers the same
// settings give in Node (the arithmetic of the committed reference runs); without Web Workers
// the page trains on its main thread, says so, and gets the same numbers again.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {listMs, pressKeys, watchKeyDelays} from "../helpers/key-delays.ts";
import {chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {initTf} from "../../data/node/tf.ts";
import {trainShapeTex} from "../../components/texture-bias/train-shapetex.ts";

const PRESSES = 12;
const SHORT = {steps: 20, randomization: 1};

interface Reported {
  widget: string;
  result: {shape: number; texture: number; other: number; n: number; shapeAccuracy: number; trainAccuracy: number; backend: string; engine: string};
}

/** Open the chapter with the training settings in the URL and collect its reported results. */
async function openChapter(s: Session, page: Page, params: Record<string, number>): Promise<void> {
  const q = Object.entries(params).map(([k, v]) => `&train.${k}=${v}`).join("");
  await page.goto(s.url(`/texture-vs-shape?backend=wasm${q}`), {waitUntil: "load"});
  await page.waitForSelector("#texture-train button[name=train]", {timeout: 240_000});
  // the page's own start-up work (cells, the transforms figure's classification) is over: what follows is training's
  await waitForCells(page, 240_000);
  await page.waitForSelector("#texture-transforms[data-state=done]", {timeout: 240_000});
  await page.evaluate(() => {
    const w = window as unknown as {trainResults: unknown[]};
    w.trainResults = [];
    document.addEventListener("cnn-result", (e) => w.trainResults.push((e as CustomEvent).detail));
  });
}

async function trainShort(page: Page): Promise<Reported["result"]> {
  await page.click("#texture-train button[name=train]");
  await page.waitForFunction(() => document.querySelector("#texture-train")?.getAttribute("data-state") === "done", null, {timeout: 300_000});
  const all = await page.evaluate(() => (window as unknown as {trainResults: Reported[]}).trainResults.filter((r) => r.widget === "texture-training"));
  assert.equal(all.length, 1);
  return all[0].result;
}

describe("texture vs shape: training in a Web Worker (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
  });
  after(async () => s?.close());

  // the same run in Node, as the committed reference runs are made (wasm, one shard)
  const nodeRun = (async () => {
    await initTf("wasm");
    return trainShapeTex({steps: SHORT.steps, textureRandomization: SHORT.randomization}, {yieldEvery: 0});
  })();

  test("a short run on the worker gives the Node run's numbers exactly", {timeout: 420_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    await openChapter(s, s.page, SHORT);
    const r = await trainShort(s.page);
    assert.equal(await s.page.getAttribute("#texture-train", "data-engine"), "worker");
    assert.equal(r.engine, "worker");
    assert.equal(r.backend, "wasm worker");
    const node = await nodeRun;
    assert.deepEqual({shape: r.shape, texture: r.texture, other: r.other, n: r.n}, {shape: node.bias.shape, texture: node.bias.texture, other: node.bias.other, n: node.bias.n});
    assert.equal(r.shapeAccuracy, node.shapeAccuracy);
    assert.equal(r.trainAccuracy, node.trainDistributionAccuracy);
    assert.match(await s.page.locator("#texture-train tr[data-run=yours]").innerText(), /wasm worker/);
    assert.match(await s.page.locator("#texture-train .cnn-texture-status").innerText(), /Trained in a background worker\.$/);
    assert.deepEqual(problems(s), []);
  });

  test("while a long run trains, every key press on another slider is handled within 100 ms; Cancel leaves the table as it was", {timeout: 420_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await openChapter(s, page, {steps: 1500});
    const tableBefore = await page.locator("#texture-train table").innerText();
    const seed = "#texture-train [data-setting=seed] input[type=range]";
    await watchKeyDelays(page);
    const step = () => page.$eval("#texture-train .cnn-progress progress", (p) => Math.round((p as HTMLProgressElement).value * 1500));
    await page.click("#texture-train button[name=train]");
    await page.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>("#texture-train .cnn-progress progress")?.value) * 1500 >= 3, null, {timeout: 120_000});
    assert.equal(await page.getAttribute("#texture-train", "data-engine"), "worker");
    const seedBefore = await page.$eval(seed, (el) => (el as HTMLInputElement).value);
    const first = await step();
    await page.focus(seed);
    const {delays, longTasks} = await pressKeys(page, PRESSES, async (i) => {
      assert.equal(await page.getAttribute("#texture-train", "data-state"), "training", `still training at press ${i + 1}`);
    });
    const last = await step();
    assert.equal(delays.length, PRESSES);
    assert.ok(Math.max(...delays) < 100, `key press delays (ms): ${listMs(delays)}; main-thread tasks over 50 ms since the run started: ${listMs(longTasks)}`);
    assert.ok(last - first >= 2, `training advanced from step ${first} to ${last} during the presses`);
    assert.equal(await page.$eval(seed, (el) => (el as HTMLInputElement).value), seedBefore, "the presses reached the slider (an even number of right/left)");
    const t0 = Date.now();
    await page.click("#texture-train .cnn-progress button");
    await page.waitForFunction(() => document.querySelector("#texture-train")?.getAttribute("data-state") === "cancelled", null, {timeout: 30_000});
    const cancelMs = Date.now() - t0;
    assert.ok(cancelMs < 5_000, `Cancel took ${cancelMs} ms`);
    assert.equal(await page.locator("#texture-train table").innerText(), tableBefore, "a cancelled run adds nothing");
    t.diagnostic(`delays ms: ${listMs(delays)}; steps ${first}→${last}; cancel ${cancelMs} ms; long tasks: ${listMs(longTasks)}`);
    assert.deepEqual(problems(s), []);
  });

  test("without Web Workers the page trains on its main thread, says so, and gets the same numbers", {timeout: 420_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = await s.context.newPage();
    try {
      await page.addInitScript(() => { delete (window as {Worker?: unknown}).Worker; });
      await openChapter(s, page, SHORT);
      await page.click("#texture-train button[name=train]");
      await page.waitForFunction(() => document.querySelector("#texture-train")?.getAttribute("data-engine") === "page", null, {timeout: 60_000});
      await page.waitForFunction(() => document.querySelector("#texture-train")?.getAttribute("data-state") === "done", null, {timeout: 300_000});
      assert.match(await page.locator("#texture-train .cnn-texture-status").innerText(), /Trained on the page's main thread \(this browser offers no Web Workers\)\.$/);
      const all = await page.evaluate(() => (window as unknown as {trainResults: Reported[]}).trainResults.filter((r) => r.widget === "texture-training"));
      const r = all[0].result, node = await nodeRun;
      assert.equal(r.engine, "page");
      assert.equal(r.backend, "wasm");
      assert.deepEqual([r.shape, r.texture, r.other, r.shapeAccuracy], [node.bias.shape, node.bias.texture, node.bias.other, node.shapeAccuracy]);
    } finally {
      await page.close();
    }
  });
});
