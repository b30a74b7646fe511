// The feature-visualization chapter's shareable state and embeds in headless Chromium: a link
// with parameters restores every figure (and a value the new layer cannot hold is clamped and
// written back); keyboard changes show in the URL and in the embed code; the live-render embed
// obeys lock= and hide=, starts nothing on load, and reports its render; a host page on another
// origin embeds the browser and the channel bars and reads their messages; axe finds no serious
// or critical violation and nothing scrolls sideways at 375 px. Cheapest settings throughout:
// the ShapeTex networks (32 px) and renders of 16 steps.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import type {Page} from "playwright-core";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {axeViolations, describeViolations} from "../helpers/a11y.ts";
import {servePlain, type PlainServer} from "../helpers/plain-server.ts";
import type {RenderAtlas} from "../../components/featvis/atlas.ts";

type Result = Record<string, unknown>;
interface Message {
  source: string;
  widget: string;
  type: "ready" | "state" | "result" | "resize";
  params?: Record<string, string>;
  result?: Result;
}

/** What the committed atlas says a precomputed render reached (the caption must say the same). */
function precomputedObjective(model: string, layer: string, channel: number): number {
  const atlas = JSON.parse(readFileSync(`data/precomputed/renders-${model}.json`, "utf8")) as RenderAtlas;
  const sheet = atlas.layers.find((l) => l.layer === layer)!;
  return sheet.objective[sheet.channels.indexOf(channel)];
}

/** A course page on its own origin: one iframe per ?frame=, every message of this site kept in window.messages. */
const HOST = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embedding host</title></head><body>
<main><h1>Embedding host</h1><div id="frames"></div></main>
<script>
  window.messages = [];
  const q = new URLSearchParams(location.search);
  for (const [i, src] of q.getAll("frame").entries()) {
    const f = document.createElement("iframe");
    Object.assign(f, {id: "frame" + i, src, title: "embedded figure " + i, width: 800, height: 700});
    document.getElementById("frames").append(f);
  }
  addEventListener("message", (e) => { if (e.data?.source === "what-a-cnn-learns") window.messages.push(e.data); });
</script></body></html>`;

const params = (page: Page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)));

/** The first "cnn-result" (collected since the page loaded) of `widget` for which `match` holds. */
async function resultWhere(page: Page, widget: string, match: string): Promise<Result> {
  const handle = await page.waitForFunction(([w, m]) => {
    const all = (window as unknown as {cnnResults?: Array<{widget: string; result: Result}>}).cnnResults ?? [];
    const ok = new Function("r", `return (${m});`) as (r: Result) => boolean;
    return all.find((d) => d.widget === w && ok(d.result))?.result;
  }, [widget, match] as const, {timeout: 120_000});
  return (await handle.jsonValue()) as Result;
}

/** The chapter's figures have drawn: the tile (or its absence), the bars, and the histogram. */
async function chapterReady(page: Page): Promise<void> {
  await page.waitForSelector(".cnn-featvis-tile[data-state]", {timeout: 180_000});
  await page.waitForSelector(".cnn-featvis-channels[data-state=done]", {timeout: 180_000});
  await waitForCells(page, 180_000);
}

async function assertAccessibleAndNarrow(page: Page, where: string): Promise<void> {
  await page.$$eval("#observablehq-main details", (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  assert.deepEqual(describeViolations(await axeViolations(page)), [], `${where}: serious/critical axe violations`);
  const {scroll, inner} = await page.evaluate(() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth}));
  assert.ok(scroll <= inner, `${where}: ${scroll}px of content in a ${inner}px viewport`);
}

describe("feature visualization: links, embeds, accessibility (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  let host: PlainServer | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    host = await servePlain({pages: {"/host.html": HOST}});
    // results that fire while the page loads are caught too
    await s.page.addInitScript(() => {
      const w = window as unknown as {cnnResults: Array<{widget: string; result: Result}>};
      w.cnnResults = [];
      document.addEventListener("cnn-result", (e) => w.cnnResults.push((e as CustomEvent).detail));
    });
  });
  after(async () => {
    await host?.close();
    await s?.close();
  });

  test("a link with parameters restores every figure, and clamps what the layer cannot hold", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await page.goto(s.url("/feature-visualization.html?backend=wasm&model=shapetex-blurpool&layer=conv2_1&channel=5&image=shapetex-star-waves&render.steps=32&render.recipe=classic&render.tv=0.25"));
    await chapterReady(page);
    // the precomputed render: that network, that layer, that channel, and what the atlas says it reached
    const tile = page.locator("#featvis-tile");
    assert.deepEqual([await tile.getAttribute("data-layer"), await tile.getAttribute("data-channel")], ["conv2_1", "5"]);
    const reached = precomputedObjective("shapetex-blurpool", "conv2_1", 5);
    assert.equal(await tile.getAttribute("aria-label"), `Image that maximises channel 5 of ShapeTex CNN (BlurPool) layer conv2_1 (mean activation ${reached.toFixed(2)})`);
    assert.match(await page.locator(".cnn-featvis-tile figcaption").innerText(), new RegExp(`conv2_1 channel 5: mean activation ${reached.toFixed(2)} after 96 steps`));
    const shown = await resultWhere(page, "featvis-browser", "r.channel === 5");
    assert.deepEqual(shown, {model: "shapetex-blurpool", layer: "conv2_1", channel: 5, rendered: true, objective: reached, steps: 96});
    // the bars: conv2_1's 32 channels on the linked image, channel 5 pressed
    assert.match(await page.locator("#featvis-bars").getAttribute("aria-label") ?? "", /^conv2_1: mean activation of each channel on star filled with waves$/);
    assert.equal(await page.locator("#featvis-bars rect[role=button]").count(), 32);
    assert.match(await page.locator("#featvis-bars rect[aria-pressed=true]").getAttribute("aria-label") ?? "", /^channel 5: /);
    const channels = await resultWhere(page, "featvis-channels", "r.layer === 'conv2_1'");
    assert.equal(channels.sample, "shapetex-star-waves");
    assert.equal(channels.model, "shapetex-blurpool");
    assert.equal((channels.strongest as unknown[]).length, 3);
    assert.match(await page.locator(".cnn-featvis-strongest").innerText(), /^On star filled with waves, the strongest channels of conv2_1 are \d+ \(/);
    // the live render: the knobs of the link, and nothing started on load
    const live = page.locator("#featvis-live");
    assert.equal(await live.getByLabel("Steps").inputValue(), "32");
    assert.equal(await live.getByLabel("Recipe").inputValue(), "classic");
    assert.equal(await live.getByLabel("Total variation penalty").inputValue(), "0.25");
    assert.equal(await live.getByRole("button", {name: /Render .* live/}).innerText(), "Render conv2_1 channel 5 live");
    assert.equal(await live.getAttribute("data-state"), "idle", "the live render waits for the reader");
    assert.equal(await page.locator(".cnn-featvis-histogram").getAttribute("data-layer"), "conv2_1");
    assert.match(await page.locator(".cnn-featvis-histogram p").last().innerText(), /^conv2_1: \d+% of [\d,]+ activations are exactly zero/);

    // a layer this network lacks falls back to the default layer; channel 40 clamps to its last; both are written back
    await page.goto(s.url("/feature-visualization.html?backend=wasm&model=shapetex&layer=conv9_9&channel=40&image=no-such-image"));
    await chapterReady(page);
    assert.deepEqual([await tile.getAttribute("data-layer"), await tile.getAttribute("data-channel")], ["conv1_2", "15"]);
    const p = await params(page);
    assert.deepEqual({layer: p.layer, channel: p.channel, image: p.image}, {layer: "conv1_2", channel: "15", image: "shapetex-circle-stripes"});
    assert.deepEqual(await cellErrors(page), []);
  });

  test("keyboard changes show in the URL and in the embed code", {timeout: 180_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await page.goto(s.url("/feature-visualization.html?backend=wasm&model=shapetex&layer=conv2_1&channel=5"));
    await chapterReady(page);
    await page.getByLabel("Channel", {exact: true}).focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("channel") === "6");
    assert.equal(await page.locator("#featvis-tile").getAttribute("data-channel"), "6");
    // another layer keeps channel 6 (conv2_2 has 32 channels), by name in the URL
    await page.getByLabel("Layer", {exact: true}).focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("layer") === "conv2_2");
    await page.waitForSelector("#featvis-tile[data-layer=conv2_2][data-channel='6']");
    // the bars: focus the chart, go to the first bar, press Enter: channel 0
    await page.waitForSelector(".cnn-featvis-channels[data-state=done][data-layer=conv2_2]");
    await page.locator("#featvis-bars rect[tabindex='0']").focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("channel") === "0");
    await page.waitForSelector("#featvis-tile[data-channel='0']");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")?.startsWith("channel 0:")), true, "the focus stays on the bar");
    await page.getByLabel("Image", {exact: true}).selectOption("shapetex-heart-noise");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("image") === "shapetex-heart-noise");
    const steps = page.locator("#featvis-live").getByLabel("Steps");
    await steps.focus();
    await page.keyboard.press("Home");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("render.steps") === "16");
    // the live figure's embed code carries this state, and locks all of it when asked
    const box = page.locator(".cnn-embed-code[data-widget=featvis-live]");
    await box.locator("summary").click();
    await box.getByLabel("Lock the current settings").check();
    const code = await box.locator("textarea").inputValue();
    const src = new URL(/src="([^"]+)"/.exec(code)![1].replace(/&amp;/g, "&"));
    assert.equal(src.pathname, "/embed/featvis-live.html");
    assert.deepEqual(["model", "layer", "channel", "render.steps"].map((k) => src.searchParams.get(k)), ["shapetex", "conv2_2", "0", "16"]);
    assert.equal(src.searchParams.get("image"), null, "the image is not part of the live figure");
    assert.deepEqual(src.searchParams.get("lock")?.split(",").sort(), ["channel", "layer", "model", "render.recipe", "render.steps", "render.transforms", "render.tv"]);
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });

  test("the live embed: locked settings stay, hidden knobs are gone, Render reports what it drew", {timeout: 180_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await page.goto(s.url("/embed/featvis-live.html?backend=wasm&model=shapetex&layer=conv1_1&channel=2&render.steps=16&lock=model,layer,channel&hide=render.recipe,render.transforms,render.tv"));
    await page.waitForSelector("#featvis-live[data-state=idle]", {timeout: 120_000});
    await waitForCells(page);
    assert.ok(await page.getByLabel("Network", {exact: true}).isDisabled());
    assert.equal(await page.getByLabel("Network", {exact: true}).inputValue(), "shapetex");
    assert.ok(await page.getByLabel("Layer", {exact: true}).isDisabled());
    assert.equal(await page.locator("[data-param=layer] output").innerText(), "conv1_1");
    assert.ok(await page.getByLabel("Channel", {exact: true}).isDisabled());
    for (const k of ["render.recipe", "render.transforms", "render.tv"]) assert.ok(await page.locator(`[data-param="${k}"]`).isHidden(), `hide= hides ${k}`);
    assert.ok(await page.getByLabel("Steps").isVisible());
    assert.equal(await page.evaluate(() => (window as unknown as {cnnResults: Array<{widget: string}>}).cnnResults.filter((r) => r.widget === "featvis-live").length), 0, "nothing renders on load");

    await page.getByRole("button", {name: "Render conv1_1 channel 2 live"}).click();
    await page.waitForSelector("#featvis-live[data-state=done]", {timeout: 120_000});
    const r = await resultWhere(page, "featvis-live", "true");
    assert.deepEqual({model: r.model, layer: r.layer, channel: r.channel, steps: r.steps, recipe: r.recipe, cancelled: r.cancelled}, {model: "shapetex", layer: "conv1_1", channel: 2, steps: 16, recipe: "modern", cancelled: false});
    assert.ok(typeof r.objectiveAfter === "number" && r.objectiveAfter > (r.objectiveBefore as number), `the objective rose: ${JSON.stringify(r)}`);
    const label = await page.locator("#featvis-live canvas.cnn-render").getAttribute("aria-label");
    assert.equal(label, `Live render of channel 2 of conv1_1 (ShapeTex CNN), after 16 steps: mean activation ${(r.objectiveAfter as number).toFixed(2)}`);
    assert.match(await page.locator(".cnn-live-summary").innerText(), /^Done: 16 steps/);
    assert.deepEqual(await cellErrors(page), []);
  });

  test("a host page on another origin embeds the browser and the bars, hides and locks, and reads their results", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s || !host) return;
    const {page} = s;
    const seen = problems(s).length;
    const frames = [
      s.url("/embed/featvis-browser.html?model=shapetex&layer=conv2_1&channel=3&lock=model&hide=layer,channel"),
      s.url("/embed/featvis-channels.html?backend=wasm&model=shapetex&layer=conv1_2&channel=0&image=shapetex-square-dots&lock=image"),
    ];
    await page.goto(`${host.origin}/host.html?${frames.map((f) => `frame=${encodeURIComponent(f)}`).join("&")}`);
    const message = async (pred: string): Promise<Message> => (await (await page.waitForFunction(`window.messages.find((m) => ${pred})`, null, {timeout: 180_000})).jsonValue()) as Message;

    const browser = await message(`m.widget === "featvis-browser" && m.type === "result"`);
    assert.deepEqual(browser.result, {model: "shapetex", layer: "conv2_1", channel: 3, rendered: true, objective: precomputedObjective("shapetex", "conv2_1", 3), steps: 96, from: "featvis-browser"});
    const b = page.frameLocator("#frame0");
    assert.ok(await b.locator("select[name=model]").isDisabled(), "lock=model");
    assert.ok(await b.locator("[data-param=layer]").isHidden(), "hide=layer");
    assert.ok(await b.locator("[data-param=channel]").isHidden(), "hide=channel");
    assert.equal(await b.locator("#featvis-tile").getAttribute("data-channel"), "3");

    const first = await message(`m.widget === "featvis-channels" && m.type === "result"`);
    assert.equal(first.result!.image, "square filled with dots");
    assert.equal(first.result!.layer, "conv1_2");
    assert.equal((first.result!.strongest as unknown[]).length, 3);
    const c = page.frameLocator("#frame1");
    assert.ok(await c.locator("select[name=image]").isDisabled(), "lock=image");
    assert.equal(await c.locator("select[name=image]").inputValue(), "shapetex-square-dots");
    assert.equal(await c.locator(".cnn-upload").count(), 0, "a locked image cannot be replaced by an upload");
    // by keyboard inside the iframe: the bar after channel 0, Enter; the host hears the new state and result
    await c.locator("#featvis-bars rect[tabindex='0']").focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    const state = await message(`m.widget === "featvis-channels" && m.type === "state" && m.params.channel === "1"`);
    assert.equal(state.params!.image, "shapetex-square-dots");
    await message(`m.widget === "featvis-channels" && m.type === "result" && m.result.selected === 1`);
    assert.deepEqual(problems(s).slice(seen), [], "console errors, requests off 127.0.0.1, or failed responses");
  });

  test("no serious axe violation and no sideways scrolling at 375 px: the chapter and its embeds", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await page.setViewportSize({width: 375, height: 800});
    try {
      await page.goto(s.url("/feature-visualization.html?backend=wasm&model=shapetex&layer=conv3_1&channel=7"));
      await chapterReady(page);
      await assertAccessibleAndNarrow(page, "chapter page");
      await page.goto(s.url("/embed/featvis-browser.html?model=shapetex&layer=conv3_1&channel=7"));
      await page.waitForSelector("#featvis-tile");
      await waitForCells(page);
      await assertAccessibleAndNarrow(page, "featvis-browser");
      await page.goto(s.url("/embed/featvis-live.html?backend=wasm&model=shapetex&layer=conv1_1&channel=1&render.steps=16"));
      await page.waitForSelector("#featvis-live");
      await waitForCells(page);
      await page.getByRole("button", {name: /Render .* live/}).click(); // the drawn render too
      await page.waitForSelector("#featvis-live[data-state=done]", {timeout: 120_000});
      await assertAccessibleAndNarrow(page, "featvis-live");
      await page.goto(s.url("/embed/featvis-channels.html?backend=wasm&model=shapetex&layer=conv3_1"));
      await page.waitForSelector(".cnn-featvis-channels[data-state=done]", {timeout: 120_000});
      await waitForCells(page);
      await assertAccessibleAndNarrow(page, "featvis-channels");
    } finally {
      await page.setViewportSize({width: 1200, height: 900});
    }
    // and the chapter at desktop width, disclosures open
    await page.goto(s.url("/feature-visualization.html?backend=wasm"));
    await chapterReady(page);
    await assertAccessibleAndNarrow(page, "chapter page (1200 px)");
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });
});
