// The Gram chapter's shareable state, embeds and accessibility, in headless Chromium (wasm,
// the ShapeTex network and generated ShapeTex pictures: fast, and no asset mirror needed):
// a link restores the shuffle figure and the live widgets' settings, controls write the URL,
// nothing heavy starts on its own, embeds obey lock= and hide= and report their results, and
// axe finds no serious violation on the chapter page and its embeds, which fit 375 px.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {GRAM_EMBEDS} from "../../components/chapters/gram-and-style/embeds.ts";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {axeViolations, describeViolations} from "../helpers/a11y.ts";

interface Result {
  widget: string;
  result: Record<string, unknown>;
}

const STAR = "shapetex-star-waves-300", HEART = "shapetex-heart-stripes-302";
const results = (page: Page) => page.evaluate(() => (window as unknown as {cnnResults?: Result[]}).cnnResults ?? []);
const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
const waitParam = (page: Page, key: string, value: string) => page.waitForFunction(([k, v]) => new URLSearchParams(location.search).get(k) === v, [key, value], {timeout: 10_000});

/** Open every disclosure, run axe, then check the page fits a phone. */
async function accessibleAndNarrow(page: Page, what: string): Promise<void> {
  await page.evaluate(() => { for (const d of document.querySelectorAll("details")) (d as HTMLDetailsElement).open = true; });
  assert.deepEqual(describeViolations(await axeViolations(page)), [], `${what}: serious or critical accessibility violations`);
  const size = page.viewportSize()!;
  await page.setViewportSize({width: 375, height: 800});
  await page.waitForTimeout(200);
  const w = await page.evaluate(() => ({scroll: document.documentElement.scrollWidth, viewport: window.innerWidth}));
  assert.ok(w.scroll <= w.viewport, `${what}: ${w.scroll}px wide in a ${w.viewport}px viewport`);
  await page.setViewportSize(size);
}

describe("gram-and-style: links, embeds, accessibility (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    // every "cnn-result" a page dispatches, from its first moment
    await s.context.addInitScript(() => {
      document.addEventListener("cnn-result", (e) => {
        const w = window as unknown as {cnnResults?: Result[]};
        (w.cnnResults ??= []).push((e as CustomEvent<Result>).detail);
      });
    });
  });
  after(async () => s?.close());

  test("a link restores the chapter's view; controls write the URL; nothing runs until asked", {timeout: 180_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url(`/gram-and-style.html?backend=wasm&model=shapetex&image=${STAR}&layer=conv2_1&texture.image=${STAR}&texture.layers=conv1_1&texture.steps=20&style.style-weight=100&invert.layer=conv2_2&cue.texture=${HEART}`));
    await page.waitForSelector("#gram-shuffle[data-state=done]", {timeout: 120_000});
    await waitForCells(page);
    assert.deepEqual(await cellErrors(page), [], "cells that threw");

    // the shuffle figure shows the linked network, image and layer (its numbers, not just its pickers)
    const shuffle = page.locator("#gram-shuffle");
    assert.equal(await shuffle.getAttribute("data-image"), STAR);
    assert.equal(await shuffle.getAttribute("data-layer"), "conv2_1");
    assert.match(await shuffle.locator(".cnn-gram-distances").innerText(), /^ShapeTex: star with waves: .* features of conv2_1 by \d+\.\d% .* Gram matrix by only \d+\.\d%/);
    assert.match(await shuffle.locator("canvas.cnn-gram-heatmap").first().getAttribute("aria-label") ?? "", /^Gram matrix of conv2_1, original: 32×32 Gram matrix, trace/, "the heatmap says what it shows");
    assert.equal(await shuffle.locator(".cnn-gram-distances").getAttribute("role"), "status", "the changing result is announced");
    const first = (await results(page)).find((r) => r.widget === "gram-shuffle")!;
    assert.deepEqual({model: first.result.model, image: first.result.image, layer: first.result.layer}, {model: "shapetex", image: STAR, layer: "conv2_1"});
    assert.ok(Number(first.result.featureChange) > 3 * Number(first.result.gramChange), `features ${first.result.featureChange}% vs Gram ${first.result.gramChange}%`);

    // the live widgets start from the link's settings and have not started
    assert.equal(await page.locator("#gram-texture [data-param='texture.steps'] output").innerText(), "20");
    assert.deepEqual(await page.$$eval("#gram-texture [data-layer] input:checked", (els) => els.map((e) => (e.closest("[data-layer]") as HTMLElement).dataset.layer)), ["conv1_1"]);
    assert.equal(await page.locator("#gram-style [data-param='style.style-weight'] output").innerText(), "100");
    assert.equal(await page.locator("#gram-invert select[name='invert.layer']").inputValue(), "conv2_2");
    assert.equal(await page.locator("#gram-cue select[name='cue.texture']").inputValue(), HEART);
    for (const id of ["gram-invert", "gram-texture", "gram-style", "gram-cue"]) assert.equal(await page.locator(`#${id}`).getAttribute("data-state"), "idle", `${id} waits for its button`);

    // changing a control writes the URL and recomputes the figure
    await page.selectOption("#gram-shuffle select[name=layer]", "conv1_1");
    await waitParam(page, "layer", "conv1_1");
    await page.waitForSelector("#gram-shuffle[data-layer=conv1_1][data-state=done]");
    assert.equal((await results(page)).filter((r) => r.widget === "gram-shuffle").at(-1)!.result.layer, "conv1_1");
    await page.locator("#gram-texture [data-layer=conv2_1] input").check();
    await waitParam(page, "texture.layers", "conv1_1,conv2_1");
    await page.locator("#gram-style [data-param='style.style-weight'] input").focus(); // by keyboard
    await page.keyboard.press("ArrowLeft");
    await waitParam(page, "style.style-weight", "56");
    assert.equal(param(page, "model"), "shapetex", "untouched parameters stay");

    // the embed code carries the figure's current state
    const box = page.locator(".cnn-embed-code[data-widget=gram-shuffle]");
    await box.locator("summary").click();
    const src = new URL(/src="([^"]+)"/.exec(await box.locator("textarea").inputValue())![1].replace(/&amp;/g, "&"));
    assert.equal(src.pathname, "/embed/gram-shuffle.html");
    assert.deepEqual([src.searchParams.get("model"), src.searchParams.get("image"), src.searchParams.get("layer")], ["shapetex", STAR, "conv1_1"]);

    // a short texture run: its picture and chart say what they show, and it reports its result
    await page.locator("#gram-texture > button").click();
    await page.waitForSelector("#gram-texture[data-state=done]", {timeout: 120_000});
    assert.match(await page.locator("#gram-texture .cnn-gram-result canvas").getAttribute("aria-label") ?? "", /^Texture synthesised from ShapeTex: star with waves with ShapeTex CNN, matching 2 layers: 20 steps, style loss \d/);
    assert.match(await page.locator("#gram-texture svg[role=img]").getAttribute("aria-label") ?? "", /^Loss of the texture synthesis per step, log scale/);
    assert.equal(await page.locator("#gram-texture .cnn-data-table tbody tr").count(), 20);
    const run = (await results(page)).find((r) => r.widget === "texture-synthesis")!.result;
    assert.equal(run.steps, 20);
    assert.deepEqual(run.layers, ["conv1_1", "conv2_1"]);
    assert.ok(Number(run.loss) < Number(run.firstLoss), `loss ${run.firstLoss} -> ${run.loss}`);

    await accessibleAndNarrow(page, "the chapter page");
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });

  test("embeds keep locked settings, hide controls and report their results", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url(`/embed/gram-shuffle.html?backend=wasm&model=shapetex&image=${HEART}&layer=conv2_1&lock=model,layer&hide=image`));
    await page.waitForSelector("#gram-shuffle[data-state=done]", {timeout: 120_000});
    assert.ok(await page.locator("select[name=model]").isDisabled(), "lock=model");
    assert.equal(await page.locator("select[name=model]").inputValue(), "shapetex");
    assert.ok(await page.locator("select[name=layer]").isDisabled(), "lock=layer");
    assert.equal(await page.locator("[data-param=image]").isHidden(), true, "hide=image");
    assert.equal(await page.locator("#gram-shuffle").getAttribute("data-image"), HEART, "a hidden control still sets the figure");
    assert.equal(await page.locator("#observablehq-sidebar").count(), 0, "no site navigation in an embed");
    const shuffled = (await results(page)).find((r) => r.widget === "gram-shuffle")!.result;
    assert.deepEqual([shuffled.image, shuffled.layer], [HEART, "conv2_1"]);

    await page.goto(s.url(`/embed/cue-conflict-maker.html?backend=wasm&model=shapetex&cue.shape=${STAR}&cue.steps=20&lock=cue.&hide=cue.steps`));
    await page.waitForSelector("#gram-cue[data-state=idle]", {timeout: 120_000});
    assert.ok(await page.locator("select[name='cue.shape']").isDisabled(), "lock=cue. covers the widget's controls");
    assert.equal(await page.locator("select[name='cue.shape']").inputValue(), STAR);
    assert.equal(await page.locator("[data-param='cue.steps']").isHidden(), true);
    assert.equal(await page.locator("select[name=model]").isDisabled(), false, "the network is not locked");
    await page.locator("#gram-cue > button").click();
    await page.waitForSelector("#gram-cue[data-state=done]", {timeout: 120_000});
    const cue = (await results(page)).find((r) => r.widget === "cue-conflict-maker")!.result;
    assert.deepEqual([cue.model, cue.shape, cue.steps], ["shapetex", STAR, 20]);
    assert.match(await page.locator("#gram-cue .cnn-gram-result canvas").getAttribute("aria-label") ?? "", /^Cue conflict made by ShapeTex CNN: the shape of ShapeTex: star with waves with the texture of .*, 20 steps, loss \d/);
    await accessibleAndNarrow(page, "cue-conflict-maker after a run");
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });

  for (const e of GRAM_EMBEDS) {
    test(`/embed/${e.widget}: loads, no serious axe violation, fits 375 px`, {timeout: 120_000}, async (t) => {
      if (!requireChromium(t) || !s) return;
      const page = s.page;
      await page.goto(s.url(`/embed/${e.widget}.html?backend=wasm&model=shapetex`));
      await page.waitForSelector(`[data-widget="${e.widget}"][data-state=${e.widget === "gram-shuffle" ? "done" : "idle"}]`, {timeout: 120_000});
      await waitForCells(page);
      assert.deepEqual(await cellErrors(page), []);
      await accessibleAndNarrow(page, e.widget);
      assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
    });
  }
});
