// A lost WebGL context (a GPU reset, a driver crash, too many contexts) must not leave blank
// figures: the page falls back to wasm, says so, and recomputes. Forced here with
// WEBGL_lose_context on tfjs's own context (headless Chromium's WebGL is SwiftShader).
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {cellErrors, chromiumMissing, openSite, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";

describe("WebGL context loss (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
  });
  after(async () => s?.close());

  test("the home page falls back to wasm with a notice and classifies again", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/?backend=webgl&model=shapetex&sample=shapetex-star-waves"));
    await page.waitForSelector(".cnn-backend[data-backend=webgl]", {timeout: 120_000});
    await page.waitForSelector(".cnn-classify[data-state=done]", {timeout: 180_000});
    assert.equal(await page.locator(".cnn-classify").getAttribute("data-top1"), "star");
    const widgetBefore = await page.locator(".cnn-classify").elementHandle();

    const lost = await page.evaluate(async () => {
      // the page's own module instance (Framework preloads it), hence the page's own tfjs
      const href = [...document.querySelectorAll<HTMLLinkElement>("link[rel=modulepreload]")].map((l) => l.href).find((h) => /\/_bundle\/cnn\.[^/]+\.js$/.test(h));
      if (!href) return "no bundle module on the page";
      const m = await import(href);
      const gl = m.tf.backend().gpgpu?.gl as WebGLRenderingContext | undefined;
      const ext = gl?.getExtension("WEBGL_lose_context");
      if (!ext) return "no WEBGL_lose_context";
      ext.loseContext();
      return "lost";
    });
    assert.equal(lost, "lost");

    await page.waitForSelector(".cnn-fallback-notice", {timeout: 60_000});
    assert.match(await page.locator(".cnn-fallback-notice").innerText(), /WebAssembly/);
    assert.equal(await page.locator(".cnn-fallback-notice").getAttribute("role"), "alert");
    await page.waitForSelector(".cnn-backend[data-backend=wasm]", {timeout: 60_000});
    assert.match(await page.locator(".cnn-backend").first().innerText(), /wasm \(WebGL context lost\)/);
    // the classifier was rebuilt on wasm and answers again (not a blank figure)
    await page.waitForFunction((old) => {
      const w = document.querySelector(".cnn-classify");
      return w && w !== old && w.getAttribute("data-state") === "done";
    }, widgetBefore, {timeout: 180_000});
    assert.equal(await page.locator(".cnn-classify").getAttribute("data-top1"), "star");
    await waitForCells(page);
    assert.deepEqual(await cellErrors(page), [], "no cell was left broken");
  });
});
