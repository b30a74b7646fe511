// Embeds in headless Chromium (wasm): for every embeddable figure, the time from navigation
// to every cell settled, and to its first result (the first "cnn-result" event) for the
// figures that answer on load (the others compute only when the reader asks); and how long the home page takes to classify again after a forced
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
      out[`embed_cells_settled_ms.${e.widget}`] = Math.round(await page.evaluate(() => performance.now()));
      // a figure that answers on load does so soon after; the others answer on a button
      const first = await page.waitForFunction(() => (window as unknown as {firstResult?: number}).firstResult, null, {timeout: 30_000}).then((h) => h.jsonValue() as Promise<number>, () => null);
      if (first !== null) out[`embed_first_result_ms.${e.widget}`] = Math.round(first);
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
