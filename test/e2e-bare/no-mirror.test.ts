// The site a newcomer builds with no asset mirror and nothing fetched (no mirror, an empty
// cache, ASSET_OFFLINE=1: what `unshare -n npm run build` gets): every page and embed loads
// without a cell error, shows none of the resolver's words (file ids, folders, variables,
// checksums, URLs), and says what is missing in ONE sentence per page at most, with a link to
// the model cards page's section for whoever builds the site. test/run.sh builds this site into
// dist-bare/ (SITE_OUTPUT) and sets SITE_DIST_READY=1; run alone, the test builds it first.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {execFileSync} from "node:child_process";
import {existsSync, mkdtempSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import config from "../../observablehq.config.ts";
import {EMBEDS} from "../../components/site/embed-registry.ts";
import {cellErrors, chromiumMissing, openSite, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";

/** Words of the resolver and the build machine that must never reach a reader. */
export const RESOLVER_WORDS: RegExp[] = [
  /\basset/i, /ASSET_/, /sha-?256/i, /\bcache\b/i, /\.cache\//, /raw\.githubusercontent/, /shard/i, /\bnpm pack\b/,
  /\bnot set;/, /missing in (mirror|cache)/, /\(url /, /manifest\.json/, /\/tmp\//, /\/work\//, /ENOTFOUND|EAI_AGAIN|ECONNREFUSED/,
  /registry unreachable/, /network disabled/, /no (asset )?mirror/i, /data\/assets\//,
];

const PAGES = ["/", ...config.pages.map((p) => `${p.path}.html`)];
/** Pages whose figures use networks or photos: each must say what is missing, once. */
const MUST_SAY = new Set(["/", "/feature-visualization.html", "/looking-back.html", "/gram-and-style.html", "/shifts.html", "/texture-vs-shape.html", "/models.html",
  "/embed/featvis-browser.html", "/embed/featvis-channels.html", "/embed/featvis-live.html", "/embed/shift-lab.html"]);
const BARE = "dist-bare";

describe("a build without the mirror (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  let cache = "";
  before(async () => {
    if (chromiumMissing()) return;
    process.env.SITE_OUTPUT = BARE;
    if (!(process.env.SITE_DIST_READY === "1" && existsSync(path.join(BARE, "index.html")))) {
      cache = mkdtempSync(path.join(os.tmpdir(), "cnn-bare-cache-"));
      const env: NodeJS.ProcessEnv = {...process.env, ASSET_CACHE: cache, ASSET_OFFLINE: "1", SITE_OUTPUT: BARE};
      delete env.ASSET_MIRROR;
      rmSync("src/.observablehq/cache", {recursive: true, force: true});
      execFileSync("npm", ["run", "--silent", "build"], {env, stdio: ["ignore", "ignore", "inherit"], timeout: 30 * 60_000});
      process.env.SITE_DIST_READY = "1";
    }
    s = await openSite({plain: true});
  });
  after(async () => {
    await s?.close();
    if (cache) rmSync(cache, {recursive: true, force: true});
  });

  test("the words list catches what the resolver says (and not the site's own prose)", () => {
    const log = "asset coral-tflite/imagenet_labels.txt: ASSET_MIRROR not set; missing in cache /tmp/x (url https://raw.githubusercontent.com/a/b/c/d)";
    assert.ok(RESOLVER_WORDS.some((re) => re.test(log)));
    assert.ok(RESOLVER_WORDS.some((re) => re.test("MobileNet v1 0.25: mobilenet_group1-shard1of1")));
    const prose = "This copy of the site was built without the pretrained ImageNet networks and the example photos, so these figures use the small ShapeTex networks only. What a full build adds.";
    assert.ok(!RESOLVER_WORDS.some((re) => re.test(prose)));
  });

  for (const p of [...PAGES, ...EMBEDS.map((e) => `/embed/${e.widget}.html`)]) {
    test(`${p}: no resolver words; ${MUST_SAY.has(p) ? "one" : "at most one"} sentence on what is missing`, {timeout: 300_000}, async (t) => {
      if (!requireChromium(t) || !s) return;
      const page = s.page;
      await page.goto(s.url(`${p}?backend=wasm`), {waitUntil: "load"});
      await page.waitForSelector("#observablehq-main", {timeout: 60_000});
      await waitForCells(page, 240_000);
      if (MUST_SAY.has(p)) await page.waitForSelector("[data-build-note]", {timeout: 60_000}).catch(() => {}); // the assertion below says what is wrong
      assert.deepEqual(await cellErrors(page), [], "cells that threw");
      await page.evaluate(() => { for (const d of document.querySelectorAll("details")) (d as HTMLDetailsElement).open = true; });
      await page.waitForTimeout(200);
      const text = await page.evaluate(() => document.body.innerText);
      const hits = RESOLVER_WORDS.filter((re) => re.test(text)).map((re) => `${re}: …${text.slice(Math.max(0, text.search(re) - 60), text.search(re) + 60).replace(/\s+/g, " ")}…`);
      assert.deepEqual(hits, [], "resolver words in the visible text");
      const notes = await page.$$eval("[data-build-note]", (els) => els.map((e) => ({text: (e as HTMLElement).innerText, href: e.querySelector("a")?.getAttribute("href") ?? ""})));
      if (MUST_SAY.has(p)) assert.equal(notes.length, 1, `one sentence on what is missing, got ${JSON.stringify(notes)} in: ${text.slice(0, 600)}`);
      else assert.ok(notes.length <= 1, `at most one sentence, got ${JSON.stringify(notes)}`);
      for (const n of notes) {
        assert.match(n.text, /^This copy of the site was built without .+, so .+\. What a full build adds\.$/);
        assert.match(new URL(n.href, page.url()).href, /\/models\.html#this-build$/);
      }
      if (p === "/") {
        assert.equal(notes[0].text, "This copy of the site was built without the pretrained ImageNet networks and the example photos, so these figures use the small ShapeTex networks only. What a full build adds.");
      }
      if (p === "/models.html") assert.ok(await page.$("#this-build"), "the section the sentences link to");
    });
  }
});
