// Headless Chromium on the built site, for the benchmarks: serve dist/ on 127.0.0.1, open
// one browser profile, hand both to `work`, and clean everything up afterwards. WebGPU is
// enabled (SwiftShader's software adapter here): pages only use it when `?backend=webgpu` asks.
import {mkdtempSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {chromium, type BrowserContext} from "playwright-core";
import {serve} from "../site/serve.ts";
import {CHROMIUM, CHROMIUM_FLAGS} from "../../test/helpers/browser.ts";

export async function withSiteBrowser<T>(work: (context: BrowserContext, origin: string) => Promise<T>): Promise<T> {
  const server = await serve(path.resolve("dist"), 0);
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const profile = mkdtempSync(path.join(os.tmpdir(), "cnn-bench-"));
  const context = await chromium.launchPersistentContext(profile, {executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, "--enable-unsafe-webgpu"]});
  try {
    return await work(context, origin);
  } finally {
    await context.close();
    server.close();
    rmSync(profile, {recursive: true, force: true});
  }
}
