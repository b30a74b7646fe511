// The papers' networks in the built site (headless Chromium, wasm, with the asset mirror):
// the feature-visualization chapter opens GoogLeNet from the URL, its 7 MB uint8 (per-channel) file arrives
// through the download progress bar, and the "which channels fire" chart draws its 1024 bars
// (inception_5b) or whichever layer the picker starts on, without cell errors.
import {after, describe, test} from "node:test";
import assert from "node:assert/strict";
import {cellErrors, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {requireMirror} from "../helpers/mirror.ts";

describe("GoogLeNet in the site (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  after(async () => s?.close());

  test("feature visualization with ?model=googlenet: download progress, then the channel chart", {timeout: 600_000}, async (t) => {
    if (!requireChromium(t) || !requireMirror(t)) return;
    s = await openSite();
    const page = s.page;
    const seen: string[] = [];
    await page.exposeFunction("cnnSawDownload", (text: string) => seen.push(text));
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const el = document.getElementById("cnn-downloads");
        if (el?.textContent) (window as unknown as {cnnSawDownload(t: string): void}).cnnSawDownload(el.textContent);
      }).observe(document, {childList: true, subtree: true, characterData: true});
    });
    await page.goto(s.url("/feature-visualization?backend=wasm&model=googlenet"));
    await page.waitForSelector(".cnn-featvis-picker[data-model=googlenet]", {timeout: 300_000});
    await page.waitForFunction(() => document.querySelectorAll("#featvis-bars rect").length > 0, null, {timeout: 500_000});
    await waitForCells(page, 300_000);
    assert.ok(seen.some((x) => /Downloading GoogLeNet/.test(x)), `download progress seen: ${seen.slice(0, 3).join(" | ")}`);
    assert.equal(await page.$("#cnn-downloads"), null, "the progress panel goes away when the file is in");
    assert.deepEqual(await cellErrors(page), []);
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });
});
