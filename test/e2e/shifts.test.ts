// The shifts chapter in headless Chromium: the 1-D demo obeys the sampling theorem, the shift
// lab sweeps real networks and reacts to the slider and to uploads, the precomputed metrics
// and heatmap render, and blur-pool beats max-pool side by side; nothing leaves 127.0.0.1.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {gradientPng} from "../helpers/images.ts";

/** Move a slider the way a reader does: set its value and fire "input". */
const setRange = (l: import("playwright-core").Locator, v: number) => l.evaluate((el, value) => {
  (el as HTMLInputElement).value = String(value);
  el.dispatchEvent(new Event("input", {bubbles: true}));
}, v);

describe("shifts chapter (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    await s.page.goto(s.url("/shifts?backend=wasm"), {waitUntil: "load"});
    await waitForCells(s.page, 180_000);
  });
  after(async () => s?.close());

  test("loads with no cell error, console error or external request", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    await s.page.waitForSelector("#shift-lab[data-state=done]", {timeout: 180_000});
    assert.deepEqual(await cellErrors(s.page), []);
    assert.deepEqual(problems(s), []);
  });

  test("1-D demo: no filter aliases the pulse, the box filter makes the global sum invariant", {timeout: 60_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const variation = async () => Number(await s!.page.getAttribute("#shift-sampling", "data-variation"));
    assert.ok((await variation()) > 0.05, `no filter: variation ${await variation()}`);
    const selects = s.page.locator("#shift-sampling select");
    await selects.nth(1).selectOption("box");
    assert.ok((await variation()) < 1e-9, `box: variation ${await variation()}`);
    // the binomial [1,2,1]/4 is zero at π, the only aliasing frequency of s = 2: exact there...
    await selects.nth(1).selectOption("binomial");
    assert.ok((await variation()) < 1e-9, `binomial, s = 2: ${await variation()}`);
    // ...but at s = 3 it only damps the aliasing frequencies 2π/3
    await setRange(s.page.locator("#shift-sampling input[type=range]").nth(0), 3);
    const blur = await variation();
    await selects.nth(1).selectOption("none");
    const none = await variation();
    assert.ok(blur > 1e-9 && blur < none, `s = 3: binomial ${blur} vs none ${none}`);
    await setRange(s.page.locator("#shift-sampling input[type=range]").nth(0), 2);
    // moving the shift changes the global sum shown, without the filter
    await selects.nth(1).selectOption("none");
    const sum0 = await s.page.getAttribute("#shift-sampling", "data-global-sum");
    await setRange(s.page.locator("#shift-sampling input[type=range]").nth(1), 1);
    assert.notEqual(await s.page.getAttribute("#shift-sampling", "data-global-sum"), sum0);
    assert.match(await s.page.locator(".cnn-sampling-summary").innerText(), /^Shift 1: .*not shift invariant/);
  });

  test("shift lab: every network is swept, the slider moves the readout, the feature map follows", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    await s.page.waitForSelector("#shift-lab[data-state=done]", {timeout: 180_000});
    const items = s.page.locator("#shift-lab .cnn-shift-readout li");
    assert.ok((await items.count()) >= 1);
    assert.match(await items.first().innerText(), /at shift 0: top-1 “.+” \d+\.\d%/);
    assert.match(await s.page.locator("#shift-lab .cnn-shift-status").innerText(), /shifted 0–32 px diagonally: 33 shifts per network in one batch/);
    await setRange(s.page.locator("#shift-lab input[type=range]").nth(1), 7);
    assert.match(await items.first().innerText(), /at shift 7:/);
    assert.equal(await s.page.locator("#shift-lab .cnn-shift-maps canvas").count(), 2);
    assert.match(await s.page.locator("#shift-lab .cnn-shift-maps figcaption").innerText(), /At shift 7/);
  });

  test("shift lab: an uploaded image is swept under the crop protocol", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    await s.page.selectOption("#shift-lab select >> nth=1", "crop");
    await s.page.setInputFiles("#shift-lab input[type=file]", {name: "ramp.png", mimeType: "image/png", buffer: gradientPng(300, 260)});
    await s.page.waitForFunction(() => /“ramp\.png”, crop windows/.test(document.querySelector("#shift-lab .cnn-shift-status")?.textContent ?? ""), null, {timeout: 180_000});
    await s.page.waitForSelector("#shift-lab[data-state=done]", {timeout: 180_000});
    assert.deepEqual(await cellErrors(s.page), []);
  });

  test("metrics table and heatmap from the precomputed sweeps", {timeout: 60_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const rows = await s.page.$$eval("#shift-metrics tbody tr", (trs) => trs.map((tr) => ({model: (tr as HTMLElement).dataset.model, protocol: (tr as HTMLElement).dataset.protocol, consistency: Number((tr as HTMLElement).dataset.consistency)})));
    for (const id of ["shapetex", "shapetex-blurpool"]) assert.equal(rows.filter((r) => r.model === id).length, 3, `${id}: three protocols`);
    for (const r of rows) assert.ok(r.consistency > 0 && r.consistency <= 1);
    assert.equal(await s.page.locator("#shift-heatmap svg[role=img]").count(), 1);
    assert.match((await s.page.locator("#shift-heatmap svg[role=img]").getAttribute("aria-label")) ?? "", /images by \d+ shifts/);
  });

  test("blur-pool is more consistent than max-pool in every protocol, and both are shown side by side", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const rows = await s.page.$$eval("#shift-blurpool-compare tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("th, td"), (td) => td.textContent ?? "")));
    assert.equal(rows.length, 3);
    for (const [protocol, plain, blur] of rows) assert.ok(parseFloat(blur) > parseFloat(plain), `${protocol}: blur-pool ${blur} vs max-pool ${plain}`);
    await s.page.waitForSelector("#shift-compare[data-state=done]", {timeout: 180_000});
    const panels = await s.page.$$eval("#shift-compare .cnn-shift-panel", (ps) => ps.map((p) => (p as HTMLElement).dataset.model));
    assert.deepEqual(panels.sort(), ["shapetex", "shapetex-blurpool"]);
    assert.deepEqual(problems(s), []);
  });
});
