// Site numbers: clean build time, size of dist/, and the time until the feature-visualization
// chapter shows its first precomputed render, and its first computed figure, in headless Chromium.
import {execFileSync} from "node:child_process";
import {readdirSync, statSync, rmSync} from "node:fs";
import path from "node:path";
import {withSiteBrowser} from "./browser.ts";

/** Bytes of every file under `dir` (the size budget's measure: test/e2e/dist-size.test.ts). */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

export async function benchBuild(): Promise<Record<string, number>> {
  rmSync("src/.observablehq/cache", {recursive: true, force: true});
  rmSync("dist", {recursive: true, force: true});
  const t = performance.now();
  execFileSync("npm", ["run", "--silent", "build"], {stdio: ["ignore", "ignore", "inherit"]});
  return {build_seconds: +((performance.now() - t) / 1000).toFixed(1), dist_megabytes: +(dirBytes("dist") / 1e6).toFixed(2)};
}

/**
 * The chapter as a reader opens it, on its default network (GoogLeNet when this build has its
 * renders): until the first precomputed render shows, and, on wasm and WebGL, until the first
 * computed figure (the "which channels fire" bars: the network's download plus a forward pass).
 */
export async function benchFirstRender(): Promise<Record<string, number | string>> {
  return withSiteBrowser(async (context, origin) => {
    const out: Record<string, number | string> = {};
    for (const backend of ["webgpu", "webgl", "wasm"]) {
      const page = await context.newPage();
      const t = performance.now();
      await page.goto(`${origin}/feature-visualization?backend=${backend}`);
      await page.waitForSelector("#featvis-tile", {timeout: 180_000});
      out[`featvis_page_first_render_ms.${backend}`] = Math.round(performance.now() - t);
      out.featvis_page_default_model = await page.$eval(".cnn-featvis-picker", (el) => el.getAttribute("data-model") ?? "");
      if (backend !== "webgpu") { // SwiftShader's WebGPU takes minutes for GoogLeNet's forward pass
        await page.waitForFunction(() => document.querySelectorAll("#featvis-bars rect").length > 0, null, {timeout: 600_000});
        out[`featvis_page_first_bars_ms.${backend}`] = Math.round(performance.now() - t);
      }
      await page.close();
    }
    return out;
  });
}
