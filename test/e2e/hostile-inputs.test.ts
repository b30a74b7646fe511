// Hostile inputs in the browser: every URL key of every chapter and embed given junk (random
// strings, huge numbers, markup, unknown keys, junk lock/hide lists), a host page's "set"
// messages with junk, and uploads of every bad kind on every upload control. Each time the
// page stays alive (no cell error, no console error), every control holds a valid value, and
// what was there before is kept.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import config from "../../observablehq.config.ts";
import {EMBEDS} from "../../components/site/embed-registry.ts";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, type Session} from "../helpers/browser.ts";
import {servePlain, type PlainServer} from "../helpers/plain-server.ts";
import {revealAll, waitForIdle} from "../helpers/flat-memory.ts";
import {gradientPng, pngFile} from "../helpers/images.ts";
import {makeRng, type Rng} from "../../components/random.ts";
import type {Page} from "playwright-core";

const CHAPTER_PAGES = config.pages.map((p) => `${p.path}.html`).filter((p) => !/embedding|models/.test(p));

/** Junk for one URL value: kinds a link could carry by accident or malice (short enough that a page's ~40 keys fit in one URL). */
function junk(rng: Rng): string {
  const kinds = [
    () => Array.from({length: 1 + rng.int(40)}, () => String.fromCharCode(32 + rng.int(95))).join(""),
    () => "1e309", () => "-1e308", () => "NaN", () => "", () => " ", () => "0x7fffffff", () => "99999999999999999999",
    () => "<img src=x onerror=alert(1)>", () => "%E0%A4%A", () => "null", () => "[object Object]", () => "__proto__",
    () => "x".repeat(200), () => "\u202e\u0000\ufffd", () => String(-rng.int(1e9)), () => "1,2,3", () => "true",
  ];
  return kinds[rng.int(kinds.length)]();
}

/** The URL keys the page's live controls use. */
const pageKeys = (page: Page) => page.$$eval("#observablehq-main [data-param]", (els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.param!))]);

/** Every control's value is one it could take: sliders within range, selects among options. */
async function invalidControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>("#observablehq-main input[type=range], #observablehq-main select")) {
      const name = el.closest<HTMLElement>("[data-param]")?.dataset.param ?? el.name ?? el.id;
      if (el instanceof HTMLSelectElement) {
        if (el.options.length && ![...el.options].some((o) => o.value === el.value)) bad.push(`${name}=${el.value}`);
      } else {
        const v = el.valueAsNumber;
        if (!Number.isFinite(v) || v < Number(el.min) || v > Number(el.max)) bad.push(`${name}=${el.value}`);
      }
      const out = el.parentElement?.querySelector("output")?.textContent ?? "";
      if (/NaN|undefined|Infinity/.test(out)) bad.push(`${name} shows "${out}"`);
    }
    return bad;
  });
}

async function load(s: Session, path: string): Promise<void> {
  await s.page.goto(s.url(path), {waitUntil: "load"});
  await s.page.waitForSelector("#observablehq-main", {timeout: 60_000});
  await waitForIdle(s.page, {quietMs: 600});
  await revealAll(s.page); // figures drawn on visibility, controls inside disclosures
}

/** A host page that embeds one widget and records the messages it posts. */
const HOST = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>
<iframe id="f" title="embedded figure" width="900" height="700"></iframe>
<script>
  window.messages = [];
  addEventListener("message", (e) => { if (e.data && e.data.source === "what-a-cnn-learns") window.messages.push(e.data); });
  document.getElementById("f").src = new URLSearchParams(location.search).get("src");
</script></body></html>`;

describe("hostile inputs (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  let host: PlainServer | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    host = await servePlain({pages: {"/host.html": HOST}});
  });
  after(async () => {
    await s?.close();
    await host?.close();
  });

  const targets = [...CHAPTER_PAGES, ...EMBEDS.map((e) => `/embed/${e.widget}.html`)];
  for (const target of targets) {
    test(`${target}: junk in every URL key`, {timeout: 600_000}, async (t) => {
      if (!requireChromium(t) || !s) return;
      const seen = problems(s).length;
      await load(s, `${target}?backend=wasm`);
      const keys = await pageKeys(s.page);
      const seeds = target.startsWith("/embed/") ? [1] : [1, 2];
      for (const seed of seeds) {
        const rng = makeRng(seed);
        const q = new URLSearchParams({backend: "wasm"});
        for (const k of keys) q.set(k, junk(rng));
        q.set("no-such-key", junk(rng));
        if (keys.length) q.set(keys[rng.int(keys.length)], "9".repeat(5000)); // one very long value (the whole URL stays under the server's 16 KB header limit)
        q.set("constructor", "1");
        q.set(junk(rng).slice(0, 30) || "x", junk(rng));
        q.set("lock", seed === 1 ? "," : "*,,.,%");
        q.set("hide", junk(rng).slice(0, 100));
        await load(s, `${target}?${q}`);
        assert.deepEqual(await cellErrors(s.page), [], `${target} seed ${seed}: cells that threw`);
        assert.deepEqual(await invalidControls(s.page), [], `${target} seed ${seed}: controls left with junk`);
        assert.deepEqual(problems(s).slice(seen), [], `${target} seed ${seed}: console errors`);
      }
    });
  }

  for (const e of EMBEDS.filter((x) => x.keys.length)) {
    test(`/embed/${e.widget}.html: a host's "set" with junk is refused with an "error", valid keys still apply`, {timeout: 300_000}, async (t) => {
      if (!requireChromium(t) || !s || !host) return;
      const page = s.page;
      const seen = problems(s).length;
      await page.goto(`${host.origin}/host.html?src=${encodeURIComponent(s.url(`/embed/${e.widget}.html?backend=wasm`))}`);
      await page.waitForFunction(() => (window as unknown as {messages: Array<{type: string}>}).messages.some((m) => m.type === "ready"), null, {timeout: 120_000});
      const frame = page.frames().find((f) => f.url().includes(`/embed/${e.widget}.html`))!;
      await waitForIdle(frame as unknown as Page, {quietMs: 600});
      const keys: string[] = await frame.$$eval("#observablehq-main [data-param]", (els) => [...new Set(els.map((x) => (x as HTMLElement).dataset.param!))]);
      const rng = makeRng(7);
      // "__proto__" as an own key (JSON.parse makes one; an assignment would set the prototype)
      const params: Record<string, unknown> = JSON.parse('{"__proto__": {"polluted": true}}');
      for (const k of keys) params[k] = junk(rng) + "\u0001junk"; // never a valid value
      params["no-such-key"] = 1;
      params["nested"] = {a: [1, {b: null}]};
      const send = (m: unknown) => page.evaluate((m) => (document.getElementById("f") as HTMLIFrameElement).contentWindow!.postMessage(m, "*"), m as never);
      const count = () => page.evaluate(() => (window as unknown as {messages: unknown[]}).messages.length);
      // messages that are not "set" messages at all are ignored
      for (const m of [null, 42, "set", [], {type: "set"}, {source: "what-a-cnn-learns", type: "set", params: null}, {source: "what-a-cnn-learns", type: "set", params: "model=x"}]) await send(m);
      const n0 = await count();
      await send({source: "what-a-cnn-learns", type: "set", params});
      await page.waitForFunction((n) => (window as unknown as {messages: Array<{type: string}>}).messages.slice(n).some((m) => m.type === "error"), n0, {timeout: 30_000});
      const err = (await page.evaluate((n) => (window as unknown as {messages: Array<{type: string; keys?: string[]}>}).messages.slice(n), n0)).find((m) => m.type === "error")!;
      // (whether an own "__proto__" key survives the trip through postMessage is the browser's business; refused or dropped, it must do no harm)
      assert.deepEqual(err.keys!.filter((k) => k !== "__proto__").sort(), [...keys, "no-such-key", "nested"].sort(), `${e.widget}: every junk key refused, and only those`);
      assert.equal(await frame.evaluate(() => ({} as {polluted?: unknown}).polluted), undefined, "no prototype pollution");
      await waitForIdle(frame as unknown as Page, {quietMs: 600});
      assert.deepEqual(await cellErrors(frame as unknown as Page), [], `${e.widget}: cells that threw`);
      assert.deepEqual(await invalidControls(frame as unknown as Page), [], `${e.widget}: controls left with junk`);
      // nothing lost: a valid set still works afterwards
      // a select's URL value is its option's value (sliders may encode theirs, e.g. as a layer name)
      const choice = await frame.$$eval("#observablehq-main [data-param] select:not(:disabled)", (els) => els.map((x) => {
        const sel = x as HTMLSelectElement;
        return {key: (x.closest("[data-param]") as HTMLElement).dataset.param!, other: [...sel.options].find((o) => o.value !== sel.value && !o.disabled)?.value};
      }).find((c) => c.other !== undefined));
      if (choice) {
        const n1 = await count();
        await send({source: "what-a-cnn-learns", type: "set", params: {[choice.key]: choice.other}});
        await page.waitForFunction(({n, key, value}) => (window as unknown as {messages: Array<{type: string; params?: Record<string, string>}>}).messages.slice(n).some((m) => m.type === "state" && m.params?.[key] === value), {n: n1, key: choice.key, value: choice.other!}, {timeout: 30_000});
      }
      assert.deepEqual(problems(s).slice(seen), [], `${e.widget}: console errors`);
    });
  }

  test("every upload control, every bad kind of file: one message, the previous image kept", {timeout: 900_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const rng = makeRng(11);
    const random = Buffer.from(Array.from({length: 3000}, () => rng.int(256)));
    const png = gradientPng(64, 48);
    // a PNG whose header claims 30000 x 30000 pixels (900 megapixels) over a tiny body
    const huge = Buffer.from(pngFile(2, 2, () => [0, 0, 0, 255]));
    huge.writeUInt32BE(30000, 16);
    huge.writeUInt32BE(30000, 20);
    const bad: Array<{name: string; mimeType: string; buffer: Buffer; want: RegExp}> = [
      {name: "random.png", mimeType: "image/png", buffer: random, want: /is not an image/},
      {name: "empty.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(0), want: /is empty/},
      {name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello\n"), want: /is not an image/},
      {name: "cut.png", mimeType: "image/png", buffer: png.subarray(0, png.length >> 1), want: /damaged PNG|could not be decoded/},
      {name: "huge.png", mimeType: "image/png", buffer: huge, want: /too large|could not be decoded|damaged/},
      {name: "page.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), want: /is not an image/},
    ];
    let controls = 0;
    for (const p of ["/index.html", ...CHAPTER_PAGES]) {
      const seen: number = problems(s).length;
      await load(s, `${p}?backend=wasm`);
      const n = await s.page.locator("#observablehq-main .cnn-upload input[type=file]").count();
      for (let i = 0; i < n; i++) {
        const root = s.page.locator("#observablehq-main .cnn-upload").nth(i);
        const input = root.locator("input[type=file]");
        await input.setInputFiles({name: "good.png", mimeType: "image/png", buffer: png});
        await root.locator(".cnn-upload-status[data-kind=info]").waitFor({timeout: 60_000});
        for (const b of bad) {
          await input.setInputFiles({name: b.name, mimeType: b.mimeType, buffer: b.buffer});
          await s.page.waitForFunction((el) => el!.querySelector(".cnn-upload-status")?.getAttribute("data-kind") === "error", await root.elementHandle(), {timeout: 60_000});
          const status = await root.locator(".cnn-upload-status").innerText();
          assert.match(status, b.want, `${p} upload #${i}, ${b.name}: ${status}`);
          assert.match(status, /The previous image is kept\.$/);
          assert.equal(await root.evaluate((el) => (el as HTMLElement & {value: {name: string} | null}).value?.name), "good.png", `${p} upload #${i}: ${b.name} replaced the image`);
        }
        controls++;
      }
      await waitForIdle(s.page, {quietMs: 600});
      assert.deepEqual(await cellErrors(s.page), [], `${p}: cells that threw`);
      assert.deepEqual(problems(s).slice(seen), [], `${p}: console errors`);
    }
    assert.ok(controls >= 4, `only ${controls} upload controls found`);
  });
});
