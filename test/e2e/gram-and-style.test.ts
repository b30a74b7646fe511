// The Gram chapter in headless Chromium (wasm backend): the shuffle figure shows a Gram
// distance far below the feature distance, a live texture synthesis runs and lowers its loss,
// Cancel stops a style transfer, and nothing leaves 127.0.0.1.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";

describe("gram-and-style (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
  });
  after(async () => s?.close());

  test("the page loads, the shuffle demo keeps the Gram matrix, a texture run lowers its loss", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/gram-and-style?backend=wasm"), {waitUntil: "load"});
    await page.waitForSelector("#gram-shuffle .cnn-gram-distances", {timeout: 120_000});
    await waitForCells(page);
    assert.deepEqual(await cellErrors(page), [], "cells that threw");
    const d = await page.$eval("#gram-shuffle .cnn-gram-distances", (p) => ({f: Number((p as HTMLElement).dataset.featureDistance), g: Number((p as HTMLElement).dataset.gramDistance)}));
    assert.ok(d.f > 0.2 && d.g < d.f / 3, `features moved ${d.f}, Gram ${d.g}`);
    assert.equal(await page.locator("#gram-shuffle canvas.cnn-gram-heatmap").count(), 2);

    // a short live texture synthesis with only the first two layers (fast on wasm)
    const boxes = page.locator("#gram-texture .cnn-gram-layers input[type=checkbox]");
    const n = await boxes.count();
    assert.ok(n >= 2, `layer checkboxes: ${n}`);
    for (let i = 0; i < n; i++) await boxes.nth(i).setChecked(i < 2);
    await page.locator("#gram-texture input[type=range]").fill("50");
    await page.locator("#gram-texture > button").click();
    await page.waitForSelector("#gram-texture[data-state=done]", {timeout: 180_000});
    const losses = await page.$eval("#gram-texture", (e) => ({first: Number((e as HTMLElement).dataset.firstLoss), last: Number((e as HTMLElement).dataset.lastLoss)}));
    assert.ok(losses.last < 0.4 * losses.first, `texture loss ${losses.first} -> ${losses.last}`);
    assert.match(await page.locator("#gram-texture .cnn-gram-summary").innerText(), /Done: 50 steps/);

    // Cancel stops a style transfer early and shows the partial result
    await page.locator("#gram-style input[type=range]").last().fill("400");
    await page.locator("#gram-style > button").click();
    await page.waitForFunction(() => /\/400/.test(document.querySelector("#gram-style .cnn-progress span")?.textContent ?? ""), null, {timeout: 120_000});
    await page.locator("#gram-style .cnn-progress button").click();
    await page.waitForSelector("#gram-style[data-state=cancelled]", {timeout: 120_000});
    assert.match(await page.locator("#gram-style .cnn-gram-summary").innerText(), /Cancelled after \d+ steps/);
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });
});
