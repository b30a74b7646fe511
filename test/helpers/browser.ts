// The shared end-to-end harness: build the site once (or reuse the dist/ test/run.sh just
// built), serve it on 127.0.0.1, and drive Debian's Chromium with playwright-core. Every
// session records console errors, uncaught page errors, failed responses, and any request
// for a host other than 127.0.0.1 (those are aborted), so a test can assert the page is clean.
import {existsSync, mkdtempSync, rmSync} from "node:fs";
import {execFileSync} from "node:child_process";
import os from "node:os";
import path from "node:path";
import type {TestContext} from "node:test";
import {chromium, type BrowserContext, type Page} from "playwright-core";
import {serveSite, type SiteServer} from "./server.ts";
import {servePlain} from "./plain-server.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];

/** Why the browser tests cannot run here, or null when they can; under CI=true, throws instead. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const message = `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the end-to-end tests`;
  if (process.env.CI === "true") throw new Error(message);
  return message;
}

/** False (after skipping the test with the reason) when Chromium is missing locally; throws under CI=true. */
export function requireChromium(t: TestContext): boolean {
  const missing = chromiumMissing();
  if (missing) t.skip(missing);
  return !missing;
}

let built = false;
/** dist/ for this run: test/run.sh builds it and sets SITE_DIST_READY=1; otherwise build now. */
export function ensureBuilt(): string {
  const dist = path.resolve(process.env.SITE_OUTPUT || "dist"); // test/e2e-bare builds into dist-bare/
  if (built || (process.env.SITE_DIST_READY === "1" && existsSync(path.join(dist, "index.html")))) return dist;
  execFileSync("npm", ["run", "--silent", "build"], {stdio: ["ignore", "ignore", "inherit"], timeout: 20 * 60_000});
  built = true;
  return dist;
}

export interface Session {
  server: SiteServer;
  context: BrowserContext;
  page: Page;
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  /** Requests for any host other than 127.0.0.1 (aborted). */
  external: string[];
  /** Same-origin responses with status >= 400. */
  failed: string[];
  /** URL of a site path, e.g. url("/?backend=wasm"). */
  url(p: string): string;
  close(): Promise<void>;
}

/**
 * Serve dist/ and open Chromium on it; `plain`: a server that maps URLs to files and nothing
 * else; `args`: extra Chromium flags (e.g. --enable-unsafe-webgpu).
 */
export async function openSite({plain = false, viewport = {width: 1200, height: 900}, args = []}: {plain?: boolean; viewport?: {width: number; height: number}; args?: string[]} = {}): Promise<Session> {
  const server = plain ? await servePlain({root: ensureBuilt()}) : await serveSite(ensureBuilt());
  const profile = mkdtempSync(path.join(os.tmpdir(), "cnn-e2e-profile-"));
  const context = await chromium.launchPersistentContext(profile, {executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, ...args], viewport});
  const errors: string[] = [], external: string[] = [], failed: string[] = [];
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if ((u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "127.0.0.1") {
      external.push(u.href);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("response", (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  return {
    server, context, page, errors, external, failed,
    url: (p) => server.origin + p,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, {recursive: true, force: true});
    },
  };
}

/** Wait until every Observable cell on the page has settled (no cell still pending). */
export async function waitForCells(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll(".observablehq--loading").length === 0, null, {timeout});
}

/** The cell errors Framework renders inline (a cell that threw). */
export async function cellErrors(page: Page): Promise<string[]> {
  return page.$$eval(".observablehq--error", (els) => els.map((e) => e.textContent ?? ""));
}

/** Node's test runner: assert a session saw nothing wrong. */
export function problems(s: Session): string[] {
  return [...s.errors, ...s.external.map((u) => `external request: ${u}`), ...s.failed.map((f) => `failed response: ${f}`)];
}
