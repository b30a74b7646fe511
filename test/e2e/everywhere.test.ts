// Every page and every embed of the built site, served by the plainest static server (URL =
// file, nothing rewritten), in headless Chromium: it loads with no cell error, no console
// error and no request leaving 127.0.0.1 (fonts, KaTeX, tfjs, wasm, models and images are all
// inside dist/); axe-core finds no serious or critical accessibility violation, with every
// disclosure opened; and at phone width (375 px) nothing makes the page scroll sideways.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {readdirSync} from "node:fs";
import config from "../../observablehq.config.ts";
import {EMBEDS} from "../../components/site/embed-registry.ts";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {axeViolations, describeViolations} from "../helpers/a11y.ts";

const pages = ["/", ...config.pages.map((p) => `${p.path}.html`)];
const embeds = EMBEDS.map((e) => `/embed/${e.widget}.html`);

test("every embed page in src/embed is in the registry, and every registry entry has a page", () => {
  const files = readdirSync("src/embed").filter((f) => f.endsWith(".md")).map((f) => f.replace(/\.md$/, "")).sort();
  assert.deepEqual(files, EMBEDS.map((e) => e.widget).sort());
  assert.equal(new Set(EMBEDS.map((e) => e.widget)).size, EMBEDS.length, "widget names are unique");
});

describe("every page and embed (e2e, plain static server)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite({plain: true});
  });
  after(async () => s?.close());

  for (const p of [...pages, ...embeds]) {
    test(`${p}: offline, no errors, no serious axe violation, fits 375 px`, {timeout: 300_000}, async (t) => {
      if (!requireChromium(t) || !s) return;
      const page = s.page;
      const seen = problems(s).length;
      await page.setViewportSize({width: 1200, height: 900});
      await page.goto(s.url(`${p}?backend=wasm`), {waitUntil: "load"});
      await page.waitForSelector("#observablehq-main", {timeout: 60_000});
      await waitForCells(page, 240_000);
      await page.waitForLoadState("networkidle");
      assert.deepEqual(await cellErrors(page), [], "cells that threw");
      assert.deepEqual(problems(s).slice(seen), [], "console errors, requests off 127.0.0.1, or failed responses");

      await page.evaluate(() => { for (const d of document.querySelectorAll("#observablehq-main details")) (d as HTMLDetailsElement).open = true; });
      await waitForCells(page, 240_000);
      const violations = await axeViolations(page);
      assert.deepEqual(describeViolations(violations), [], "serious or critical accessibility violations");

      await page.setViewportSize({width: 375, height: 800});
      await page.waitForTimeout(300); // Framework re-renders width-dependent cells on resize
      await waitForCells(page, 240_000);
      const overflow = await page.evaluate(() => ({scroll: document.documentElement.scrollWidth, viewport: window.innerWidth, wide: [...document.querySelectorAll("#observablehq-main *")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".cnn-table-scroll, table, .katex-display, pre")).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}.${[...e.classList].join(".")}`)}));
      assert.ok(overflow.scroll <= overflow.viewport, `page is ${overflow.scroll}px wide in a ${overflow.viewport}px viewport; widest elements: ${overflow.wide.join(", ")}`);
      assert.deepEqual(problems(s).slice(seen), [], "no errors after opening disclosures and resizing");
    });
  }
});
