// Keyboard-only use of a chapter: from the top of the feature-visualization page, with Tab,
// arrows, Home/End and Enter only (no mouse, no programmatic focus), a reader picks a layer
// and a channel, renders that channel live, then picks another channel from the bar chart and
// opens the chart's data table. Every step must show in the figures, not just in the controls.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";

/** Press Tab until the focused element satisfies `match` (a function body over `el`); returns the presses. */
async function tabTo(page: Page, match: string, limit = 150): Promise<number> {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate((m) => {
      const el = document.activeElement;
      return !!el && (new Function("el", `return (${m});`) as (el: Element) => boolean)(el);
    }, match);
    if (hit) return i;
  }
  throw new Error(`no focusable element matching ${match} within ${limit} Tab presses`);
}

const param = (page: Page, key: string) => page.evaluate((k) => new URLSearchParams(location.search).get(k), key);

describe("keyboard-only use of the feature-visualization chapter (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
  });
  after(async () => s?.close());

  test("Tab, arrows and Enter reach and drive every figure", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/feature-visualization.html?backend=wasm&model=shapetex"));
    await page.waitForSelector("#featvis-tile[data-layer]", {timeout: 180_000});
    await page.waitForSelector(".cnn-featvis-channels[data-state=done]", {timeout: 180_000});
    await waitForCells(page);

    // layer slider: one step right is the next layer, in the URL and in the tile
    const layerBefore = await page.locator("#featvis-tile").getAttribute("data-layer");
    await tabTo(page, `el.closest("[data-param=layer]") && el.tagName === "INPUT"`);
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((l) => document.querySelector("#featvis-tile")?.getAttribute("data-layer") !== l, layerBefore);
    const layer = await page.locator("#featvis-tile").getAttribute("data-layer");
    assert.equal(await param(page, "layer"), layer);

    // channel slider: End is the layer's last channel
    await tabTo(page, `el.closest("[data-param=channel]") && el.tagName === "INPUT"`);
    await page.keyboard.press("End");
    const last = await page.locator("[data-param=channel] input").getAttribute("max");
    await page.waitForFunction((c) => document.querySelector("#featvis-tile")?.getAttribute("data-channel") === c, last);
    assert.equal(await param(page, "channel"), last);

    // live render: fewest steps with Home, then the Render button with Enter
    await tabTo(page, `!!el.closest("#featvis-live [data-param='render.steps']") && el.tagName === "INPUT"`, 300);
    await page.keyboard.press("Home");
    assert.equal(await param(page, "render.steps"), "16");
    await tabTo(page, `el.tagName === "BUTTON" && /^Render/.test(el.textContent ?? "") && !!el.closest("#featvis-live")`);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#featvis-live[data-state=done]", {timeout: 180_000});
    assert.match(await page.locator("#featvis-live canvas.cnn-render").getAttribute("aria-label") ?? "", new RegExp(`channel ${last} of ${layer}.*after 16 steps: mean activation -?\\d`));
    // the bar chart is one Tab stop; Home then Enter picks channel 0 for the whole page
    await page.waitForSelector(`.cnn-featvis-channels[data-state=done][data-layer="${layer}"]`, {timeout: 120_000});
    await tabTo(page, `el.closest("#featvis-bars") && el.getAttribute("role") === "button"`);
    await page.keyboard.press("Home");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#featvis-tile")?.getAttribute("data-channel") === "0");
    assert.equal(await param(page, "channel"), "0");

    // a chart's numbers: its "Show as a table" disclosure opens with Enter
    await tabTo(page, `el.tagName === "SUMMARY" && el.textContent === "Show as a table" && !!el.closest(".cnn-featvis-channels")`);
    await page.keyboard.press("Enter");
    const rows = await page.locator(".cnn-featvis-channels details.cnn-chart-table[open] tbody tr").count();
    assert.ok(rows > 1, `the opened table lists the channels (${rows} rows)`);

    assert.deepEqual(await cellErrors(page), []);
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });
});
