// Flat memory, for any page: discover every slider, select and checkbox of its figures, move
// each of them many times with seeded random values (batched: the page gets one frame per
// round, so superseded computations overlap as they do under a reader's hand), put them back,
// wait until the page is idle, and compare tfjs's tensor count and bytes with the baseline.
// tfjs is read through window.cnnDebug (components/site/test-hooks.ts).
//
// A new chapter's test is one line inside a test that has a Session:
//   await assertFlatMemory(s, "/looking-back.html");
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {cellErrors, problems, waitForCells, type Session} from "./browser.ts";

export interface Memory {
  numTensors: number;
  numBytes: number;
}

export interface FlatMemoryOptions {
  /** Rounds of moves; every control present in a round is moved once (default 200). */
  rounds?: number;
  seed?: number;
  /** CSS selectors of controls to leave alone (the backend picker, say). */
  exclude?: string[];
  /** Random rounds before the baseline, after every select has been through its options, so caches that legitimately fill (a loaded network) are full (default 10). */
  warmup?: number;
  /** Settle and record memory every this many rounds (default 100). */
  checkpointEvery?: number;
  /** Give the page a frame every this many rounds (default 25). */
  yieldEvery?: number;
  /** Buttons that start a live computation with a Cancel button, to cancel midway (default: every `.cnn-live-start`). */
  liveButtons?: string;
  /** Option values no select is set to (the heavy networks, on pages where one choice costs minutes in wasm). */
  skipOptions?: string[];
}

export interface FlatMemoryReport {
  controls: number;
  moves: number;
  baseline: Memory;
  checkpoints: Memory[];
  after: Memory;
  cancelled: number;
  afterCancel: Memory;
  seconds: number;
}

/** Controls the tests never move: the page-wide backend switch would swap tfjs backends. */
const ALWAYS_EXCLUDED = ["[data-param=backend]", "[name=backend]", ".cnn-embed-code *"];

export async function tfMemory(page: Page): Promise<Memory> {
  return page.evaluate(() => {
    const d = (window as unknown as {cnnDebug?: {memory(): {numTensors: number; numBytes: number} | null}}).cnnDebug;
    if (!d) throw new Error("window.cnnDebug is missing: the page did not load the site bundle");
    const m = d.memory();
    return {numTensors: m?.numTensors ?? 0, numBytes: m?.numBytes ?? 0};
  });
}

/**
 * Wait until the page is idle: no cell loading, no live computation showing a Cancel button,
 * and tfjs's memory unchanged for `quietMs`.
 */
export async function waitForIdle(page: Page, {quietMs = 1200, timeout = 180_000} = {}): Promise<Memory> {
  await waitForCells(page, timeout);
  const t0 = Date.now();
  let last = "", since = Date.now();
  for (;;) {
    const snap = await page.evaluate(() => {
      const m = (window as unknown as {cnnDebug?: {memory(): {numTensors: number; numBytes: number} | null}}).cnnDebug?.memory();
      const busy = document.querySelectorAll(".observablehq--loading, .cnn-progress button, [data-state=running]").length;
      return {numTensors: m?.numTensors ?? 0, numBytes: m?.numBytes ?? 0, busy}; // no backend yet: nothing allocated
    });
    const key = JSON.stringify(snap);
    if (key !== last) { last = key; since = Date.now(); }
    if (snap.busy === 0 && Date.now() - since >= quietMs) return {numTensors: snap.numTensors, numBytes: snap.numBytes};
    if (Date.now() - t0 > timeout) throw new Error(`page not idle after ${timeout} ms: ${key}`);
    await page.waitForTimeout(150);
  }
}

/** Open every disclosure and scroll through the page, so figures drawn on visibility exist. */
export async function revealAll(page: Page): Promise<void> {
  for (let pass = 0; pass < 2; pass++) {
    await page.evaluate(() => { for (const d of document.querySelectorAll("#observablehq-main details")) (d as HTMLDetailsElement).open = true; });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0; y < height; y += 600) {
      await page.evaluate((y) => window.scrollTo(0, y), y);
      await page.waitForTimeout(150);
    }
    await waitForIdle(page);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Where each control stands, keyed so it can be found again after cells re-render it. */
async function snapshot(page: Page, exclude: string[]): Promise<Array<[string, string]>> {
  return page.evaluate(({exclude}) => {
    const out: Array<[string, string]> = [];
    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>("#observablehq-main input[type=range], #observablehq-main select, #observablehq-main input[type=checkbox]")) {
      if (el.disabled || !el.getClientRects().length || exclude.some((sel) => el.matches(sel) || el.closest(sel))) continue;
      const base = el.closest<HTMLElement>("[data-param]")?.dataset.param ?? el.name ?? "";
      const label = el.labels?.[0]?.textContent?.trim() ?? "";
      const k = `${base}|${label}|${el.tagName}`;
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      out.push([`${k}|${n}`, el instanceof HTMLInputElement && el.type === "checkbox" ? String(el.checked) : el.value]);
    }
    return out;
  }, {exclude});
}

/** Put every control back where `snap` found it (a few passes: some controls appear only once their parents are set). */
async function restore(page: Page, snap: Array<[string, string]>, exclude: string[]): Promise<void> {
  for (let pass = 0; pass < 3; pass++) {
    const changed = await page.evaluate(({snap, exclude}) => {
      const want = new Map(snap);
      const seen = new Map<string, number>();
      let changed = 0;
      for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>("#observablehq-main input[type=range], #observablehq-main select, #observablehq-main input[type=checkbox]")) {
        if (el.disabled || !el.getClientRects().length || exclude.some((sel) => el.matches(sel) || el.closest(sel))) continue;
        const base = el.closest<HTMLElement>("[data-param]")?.dataset.param ?? el.name ?? "";
        const label = el.labels?.[0]?.textContent?.trim() ?? "";
        const k = `${base}|${label}|${el.tagName}`;
        const n = seen.get(k) ?? 0;
        seen.set(k, n + 1);
        const v = want.get(`${k}|${n}`);
        if (v === undefined) continue;
        const isBox = el instanceof HTMLInputElement && el.type === "checkbox";
        if ((isBox ? String(el.checked) : el.value) === v) continue;
        if (isBox) (el as HTMLInputElement).checked = v === "true";
        else el.value = v;
        el.dispatchEvent(new Event("input", {bubbles: true}));
        el.dispatchEvent(new Event("change", {bubbles: true}));
        changed++;
      }
      return changed;
    }, {snap, exclude});
    await waitForIdle(page);
    if (!changed) return;
  }
}

/**
 * Warm-up: every select through each of its options in turn (waiting for the page each time),
 * so whatever a page caches per choice, such as each network it has loaded, is loaded before
 * the baseline; a cache then shows as flat and a leak as growth.
 */
export async function cycleSelects(page: Page, exclude: string[], maxOptions = 12, skipOptions: string[] = []): Promise<void> {
  for (let i = 0; i < maxOptions; i++) {
    const more = await page.evaluate(({i, exclude, skipOptions}) => {
      let more = false;
      for (const el of document.querySelectorAll<HTMLSelectElement>("#observablehq-main select")) {
        if (el.disabled || !el.getClientRects().length || exclude.some((sel) => el.matches(sel) || el.closest(sel))) continue;
        const options = [...el.options].filter((o) => !o.disabled && !skipOptions.includes(o.value));
        if (i >= options.length) continue;
        more = true;
        if (el.value === options[i].value) continue;
        el.value = options[i].value;
        el.dispatchEvent(new Event("input", {bubbles: true}));
        el.dispatchEvent(new Event("change", {bubbles: true}));
      }
      return more;
    }, {i, exclude, skipOptions});
    await waitForIdle(page, {quietMs: 600});
    if (!more) return;
  }
}

/** `rounds` rounds of seeded random moves of every control present; returns controls seen and moves made. */
export async function moveControls(page: Page, {rounds, seed, exclude, yieldEvery = 25, skipOptions = []}: {rounds: number; seed: number; exclude: string[]; yieldEvery?: number; skipOptions?: string[]}): Promise<{controls: number; moves: number}> {
  await page.evaluate("globalThis.__name ??= (f) => f"); // tsx names the inner arrow functions below with __name
  return page.evaluate(async ({rounds, seed, exclude, yieldEvery, skipOptions}) => {
    let state = seed >>> 0; // mulberry32, as components/random.ts
    const rand = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const touched = new Set<Element>();
    let moves = 0;
    for (let r = 0; r < rounds; r++) {
      for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>("#observablehq-main input[type=range], #observablehq-main select, #observablehq-main input[type=checkbox]")) {
        if (!el.isConnected || el.disabled || !el.getClientRects().length || exclude.some((sel) => el.matches(sel) || el.closest(sel))) continue;
        if (el instanceof HTMLSelectElement) {
          const options = [...el.options].filter((o) => !o.disabled && !skipOptions.includes(o.value));
          if (!options.length) continue;
          el.value = options[Math.floor(rand() * options.length)].value;
        } else if (el.type === "checkbox") {
          el.checked = rand() < 0.5;
        } else {
          const min = Number(el.min || 0), max = Number(el.max || 100), step = el.step === "any" ? (max - min) / 100 : Number(el.step || 1);
          el.value = String(min + Math.floor(rand() * (Math.floor((max - min) / step) + 1)) * step);
        }
        el.dispatchEvent(new Event("input", {bubbles: true}));
        el.dispatchEvent(new Event("change", {bubbles: true}));
        touched.add(el);
        moves++;
      }
      // every few rounds, one frame: cells start on the values of the moment and are superseded
      // by the next batch, as under a quick hand (a frame per round would queue hours of work)
      if ((r + 1) % yieldEvery === 0) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
    return {controls: touched.size, moves};
  }, {rounds, seed, exclude, yieldEvery, skipOptions});
}

/**
 * Start each live computation, cancel it once it has made progress, and check the figure is
 * usable again (its start button works a second time). Returns how many were cancelled.
 */
export async function cancelLiveComputations(page: Page, selector: string): Promise<number> {
  const buttons = page.locator(`#observablehq-main ${selector}`);
  const n = await buttons.count();
  let cancelled = 0;
  for (let i = 0; i < n; i++) {
    const b = buttons.nth(i);
    if (!(await b.isVisible()) || !(await b.isEnabled())) continue;
    for (let attempt = 0; attempt < 2; attempt++) {
      // the bars already on the page are marked, so that the press's own bar is found even when
      // the work is so short that its Cancel button is gone before the first look
      await page.evaluate(() => { for (const p of document.querySelectorAll("#observablehq-main .cnn-progress")) p.setAttribute("data-flat-seen", ""); });
      await b.click();
      const progress = page.locator("#observablehq-main .cnn-progress:not([data-flat-seen])").first();
      await progress.waitFor({state: "attached", timeout: 120_000});
      // midway: wait for the bar to move (or the work to end), then cancel
      await page.waitForFunction(() => {
        const fresh = document.querySelector("#observablehq-main .cnn-progress:not([data-flat-seen])");
        const bar = fresh?.querySelector<HTMLProgressElement>("progress");
        return !fresh?.querySelector("button") || !bar || bar.value > 0;
      }, null, {timeout: 120_000});
      const cancel = progress.locator("button");
      if (await cancel.count()) await cancel.click().catch(() => {}); // it may have finished meanwhile
      await waitForIdle(page);
      assert.ok(await b.isEnabled(), `the start button ${selector} #${i} is disabled after a cancelled run`);
    }
    cancelled++;
  }
  return cancelled;
}

/**
 * The whole check on one page: load, warm up, baseline, `rounds` rounds of moves with
 * checkpoints, restore, idle, compare; then cancel every live computation midway and compare
 * again. Fails on any cell error or console error along the way.
 */
export async function assertFlatMemory(s: Session, pagePath: string, options: FlatMemoryOptions = {}): Promise<FlatMemoryReport> {
  const {rounds = 200, seed = 1, warmup = 10, checkpointEvery = 100, yieldEvery = 25, liveButtons = ".cnn-live-start", skipOptions = []} = options;
  const exclude = [...ALWAYS_EXCLUDED, ...(options.exclude ?? [])];
  const page = s.page;
  const seen = problems(s).length;
  const t0 = Date.now();
  await page.goto(s.url(`${pagePath}${pagePath.includes("?") ? "&" : "?"}backend=wasm`), {waitUntil: "load"});
  await page.waitForSelector("#observablehq-main", {timeout: 60_000});
  await waitForIdle(page);
  await revealAll(page);
  const start = await snapshot(page, exclude);
  assert.ok(start.length > 0, `${pagePath}: no controls found`);
  await cycleSelects(page, exclude, 12, skipOptions);
  await moveControls(page, {rounds: warmup, seed: seed + 1000, exclude, yieldEvery: 1, skipOptions});
  await waitForIdle(page);
  await restore(page, start, exclude);
  const baseline = await waitForIdle(page);

  const checkpoints: Memory[] = [];
  let controls = 0, moves = 0;
  for (let done = 0; done < rounds; done += checkpointEvery) {
    const r = await moveControls(page, {rounds: Math.min(checkpointEvery, rounds - done), seed: seed + done, exclude, yieldEvery, skipOptions});
    controls = Math.max(controls, r.controls);
    moves += r.moves;
    checkpoints.push(await waitForIdle(page));
  }
  await restore(page, start, exclude);
  const after = await waitForIdle(page);
  assert.deepEqual(await cellErrors(page), [], `${pagePath}: cells that threw while the controls moved`);
  assert.deepEqual(problems(s).slice(seen), [], `${pagePath}: console errors while the controls moved`);
  assert.deepEqual(after, baseline, `${pagePath}: tfjs memory after ${moves} moves of ${controls} controls (checkpoints ${JSON.stringify(checkpoints)})`);

  const cancelled = await cancelLiveComputations(page, liveButtons);
  const afterCancel = await waitForIdle(page);
  assert.deepEqual(await cellErrors(page), [], `${pagePath}: cells that threw after a cancelled computation`);
  assert.deepEqual(problems(s).slice(seen), [], `${pagePath}: console errors after a cancelled computation`);
  assert.deepEqual(afterCancel, baseline, `${pagePath}: tfjs memory after ${cancelled} live computations cancelled midway`);
  return {controls, moves, baseline, checkpoints, after, cancelled, afterCancel, seconds: (Date.now() - t0) / 1000};
}
