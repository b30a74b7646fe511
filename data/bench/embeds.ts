// Embeds in headless Chromium (wasm): for every embeddable figure, the time from navigation
// to its first result (the first "cnn-result" event) or, for a figure with no result message,
// to every cell settled; and how long the home page takes to classify again after a forced
// WebGL context loss (falling back to wasm).
import {EMBEDS} from "../../components/site/embed-registry.ts";
import {withSiteBrowser} from "./browser.ts";

export async function benchEmbeds(): Promise<Record<string, number>> {
  return withSiteBrowser(async (context, origin) => {
    const out: Record<string, number> = {};
    for (const e of EMBEDS) {
      const page = await context.newPage();
      // record the first result's time before any page script runs
      await page.addInitScript(() => document.addEventListener("cnn-result", () => { (window as unknown as {firstResult?: number}).firstResult ??= performance.now(); }));
      await page.goto(`${origin}/embed/${e.widget}.html?backend=wasm`);
      await page.waitForFunction(() => document.querySelectorAll(".observablehq--loading").length === 0 && document.querySelector("#observablehq-main"), null, {timeout: 300_000});
      await page.waitForTimeout(200);
      const t = await page.evaluate(() => (window as unknown as {firstResult?: number}).firstResult ?? performance.now());
      out[`embed_first_result_ms.${e.widget}`] = Math.round(t);
      await page.close();
    }
    const page = await context.newPage();
    await page.goto(`${origin}/index.html?backend=webgl&model=shapetex&sample=shapetex-star-waves`);
    await page.waitForSelector(".cnn-classify[data-state=done]", {timeout: 180_000});
    const old = await page.locator(".cnn-classify").elementHandle();
    const t0 = await page.evaluate(async () => {
      const href = [...document.querySelectorAll<HTMLLinkElement>("link[rel=modulepreload]")].map((l) => l.href).find((h) => /\/_bundle\/cnn\.[^/]+\.js$/.test(h))!;
      const m = await import(href);
      m.tf.backend().gpgpu.gl.getExtension("WEBGL_lose_context").loseContext();
      return performance.now();
    });
    await page.waitForFunction((w) => { const c = document.querySelector(".cnn-classify"); return c && c !== w && c.getAttribute("data-state") === "done"; }, old, {timeout: 180_000});
    out.context_loss_to_answer_again_ms = Math.round((await page.evaluate(() => performance.now())) - t0);
    await page.close();
    return out;
  });
}
