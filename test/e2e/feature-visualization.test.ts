// The feature-visualization chapter in headless Chromium (wasm backend, embedded network):
// the channel slider changes the precomputed render, a live render completes and draws,
// clicking a channel bar selects that channel, and a bad upload is reported without harm.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {gradientPng} from "../helpers/images.ts";
import {HAVE_MIRROR} from "../helpers/mirror.ts";

/** The tile's pixels as a short fingerprint, to tell two renders apart. */
const tilePixels = (page: Page) => page.$eval("#featvis-tile", (c) => {
  const canvas = c as HTMLCanvasElement;
  const d = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  for (let i = 0; i < d.length; i += 7) sum = (sum * 31 + d[i]) % 1_000_003;
  return sum;
});
const tileChannel = (page: Page) => page.$eval("#featvis-tile", (c) => Number((c as HTMLElement).dataset.channel));

describe("feature visualization chapter (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    await s.page.goto(s.url("/feature-visualization?backend=wasm"));
    await s.page.waitForSelector("#featvis-tile", {timeout: 180_000});
    await waitForCells(s.page);
  });
  after(async () => s?.close());

  test("the channel slider shows another channel's render", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const before = {channel: await tileChannel(page), pixels: await tilePixels(page)};
    const slider = page.getByLabel("Channel", {exact: true});
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((c) => Number(document.querySelector<HTMLElement>("#featvis-tile")?.dataset.channel) !== c, before.channel);
    assert.equal(await tileChannel(page), before.channel + 1);
    assert.notEqual(await tilePixels(page), before.pixels, "a different channel must show a different render");
    assert.deepEqual(await cellErrors(page), []);
  });

  test("a live render completes, draws, and raises the objective", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const live = page.locator("#featvis-live");
    const steps = live.getByLabel("Steps");
    await steps.focus();
    await page.keyboard.press("Home"); // 16 steps, then 64: quick, yet past the first steps where a
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight"); // ReLU channel still sits at zero on a grey image
    await live.getByRole("button", {name: /Render .* live/}).click();
    await page.waitForSelector("#featvis-live[data-state=done]", {timeout: 200_000});
    const text = await live.locator(".cnn-live-summary").innerText();
    const m = text.match(/objective (-?\d+(?:\.\d+)?) → (-?\d+(?:\.\d+)?)/);
    assert.ok(m, `summary should state the objective: ${text}`);
    assert.ok(Number(m[2]) > Number(m[1]), `objective should rise: ${text}`);
    const spread = await live.locator("canvas.cnn-render").evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const d = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let lo = 255, hi = 0;
      for (let i = 0; i < d.length; i += 4) { lo = Math.min(lo, d[i]); hi = Math.max(hi, d[i]); }
      return {w: canvas.width, range: hi - lo};
    });
    assert.ok(spread.w > 0 && spread.range > 20, `the live render should be a visible image: ${JSON.stringify(spread)}`);
  });

  test("clicking a channel bar selects that channel", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.waitForSelector("#featvis-bars rect");
    const bars = page.locator("#featvis-bars rect[role=button]");
    const n = await bars.count();
    assert.ok(n >= 8, `one bar per channel, got ${n}`);
    await bars.nth(3).click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#featvis-tile")?.dataset.channel === "3");
    // and by keyboard: focus the chart's bar, move right, press Enter
    await page.locator("#featvis-bars rect[tabindex='0']").focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#featvis-tile")?.dataset.channel === "4");
  });

  test("a bad upload is reported and the chart stays", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const input = page.locator(".cnn-upload input[type=file]");
    await input.setInputFiles({name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not pixels at all\n".repeat(10))});
    await page.waitForFunction(() => /not an image/.test(document.querySelector(".cnn-upload-status")?.textContent ?? ""));
    assert.ok(await page.locator("#featvis-bars rect").count() > 0, "the channel chart must survive a bad upload");
    await input.setInputFiles({name: "gradient.png", mimeType: "image/png", buffer: gradientPng(80, 60)});
    await page.waitForFunction(() => /gradient\.png/.test(document.querySelector("#featvis-bars")?.getAttribute("aria-label") ?? ""), null, {timeout: 60_000});
    assert.deepEqual(await cellErrors(page), []);
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });

  test("an ImageNet network's precomputed renders show (with the asset mirror)", {timeout: 180_000, skip: HAVE_MIRROR ? false : "no asset mirror"}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.getByLabel("Network", {exact: true}).selectOption("mobilenet-v1-0.25");
    await page.waitForFunction(() => /relu/.test(document.querySelector<HTMLElement>("#featvis-tile")?.dataset.layer ?? ""), null, {timeout: 120_000});
    const label = await page.locator("#featvis-tile").getAttribute("aria-label");
    assert.match(label ?? "", /MobileNet v1 0\.25 layer conv\w+_relu \(mean activation \d/);
    await waitForCells(page);
    assert.deepEqual(await cellErrors(page), []);
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });
});
