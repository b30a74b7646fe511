// The shifts chapter's shareable state and embeds in headless Chromium, at phone width (375 px):
// a link with parameters restores every figure, a changed control shows in the URL and in the
// embed code, each embed page obeys lock= and hide= and reports its result, and axe finds no
// serious or critical violation anywhere. Cheap settings throughout: one ImageNet network,
// short sweeps. (A build without the asset mirror has no ImageNet networks or photos: the lab
// then runs on the two ShapeTex networks, and the assertions follow.)
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {axeViolations, describeViolations} from "../helpers/a11y.ts";
import {makeSignal} from "../../components/sampling/signal.ts";
import {samplingSummary} from "../../components/sampling/summary.ts";

type Result = Record<string, unknown>;

/** Move a slider the way a reader does: set its value and fire "input". */
const setRange = (page: Page, selector: string, v: number) => page.locator(selector).evaluate((el, value) => {
  (el as HTMLInputElement).value = String(value);
  el.dispatchEvent(new Event("input", {bubbles: true}));
}, v);

/** Start collecting the page's "cnn-result" events (the embed API's DOM twin of its postMessage). */
const collectResults = (page: Page) => page.evaluate(() => {
  const w = window as unknown as {cnnResults: Array<{widget: string; result: Record<string, unknown>}>};
  w.cnnResults = [];
  document.addEventListener("cnn-result", (e) => w.cnnResults.push((e as CustomEvent).detail));
});

/** The first collected result of `widget` for which `match` holds (a predicate's source, run in the page). */
async function resultWhere(page: Page, widget: string, match: string): Promise<Result> {
  const handle = await page.waitForFunction(([w, m]) => {
    const results = (window as unknown as {cnnResults: Array<{widget: string; result: Record<string, unknown>}>}).cnnResults;
    const test = new Function("r", `return (${m});`) as (r: Record<string, unknown>) => boolean;
    return results.find((d) => d.widget === w && test(d.result))?.result;
  }, [widget, match] as const, {timeout: 120_000});
  return (await handle.jsonValue()) as Result;
}

/** Are the ImageNet networks in this build (the lab offers MobileNet)? */
const imagenetInBuild = async (page: Page) => (await page.locator('#shift-lab [data-param="lab.model.mobilenet-v1-0.25"]').count()) > 0;

const params = (page: Page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)));
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** axe after opening every "Show as a table" and "Embed or share" disclosure. */
async function assertAccessible(page: Page, where: string): Promise<void> {
  await page.$$eval("details", (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  const v = await axeViolations(page);
  assert.deepEqual(describeViolations(v), [], `${where}: serious/critical axe violations`);
}

describe("shifts chapter: links, embeds, accessibility (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    await s.page.setViewportSize({width: 375, height: 800});
  });
  after(async () => s?.close());

  const open = async (path: string) => {
    await s!.page.goto(s!.url(path), {waitUntil: "load"});
    await waitForCells(s!.page, 180_000);
  };

  test("a link with parameters restores every figure of the chapter", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await open("/shifts.html?backend=wasm&sampling.signal=noise&sampling.s=3&sampling.lowpass=box&sampling.relu=1&sampling.shift=5"
      + "&lab.image=photo-coffee&lab.model.tiny-darknet=0&lab.protocol=crop&lab.direction=x&lab.sweep=8&lab.shift=6"
      + "&heatmap=shapetex-blurpool.inpaint&compare.sweep=8&compare.shift=3&compare.layer=pool1");
    // 1-D demo: the numbers are those of the state in the link
    const expected = samplingSummary(makeSignal("noise", 48), 5, {s: 3, lowPass: "box", relu: true});
    assert.ok(Math.abs(Number(await page.getAttribute("#shift-sampling", "data-global-sum")) - expected.globalSum) < 1e-9);
    assert.ok(Number(await page.getAttribute("#shift-sampling", "data-variation")) < 1e-9);
    assert.match(await page.locator(".cnn-sampling-summary").innerText(), /^Shift 5: .*shift invariant for this signal/);
    // shift lab: one network, cropped windows along x, 9 shifts, shown at shift 6
    await page.waitForSelector("#shift-lab[data-state=done]", {timeout: 180_000});
    const imagenet = await imagenetInBuild(page);
    assert.match(await page.locator("#shift-lab .cnn-shift-status").innerText(), new RegExp(`^${imagenet ? "“Coffee cup”, " : "“.+”, "}crop windows of a larger image, shifted 0–8 px along x: 9 shifts per network`));
    const readout = page.locator("#shift-lab .cnn-shift-readout li");
    assert.equal(await readout.count(), imagenet ? 1 : 2, "tiny-darknet=0 leaves one ImageNet network");
    assert.match(await readout.first().innerText(), /at shift 6: top-1 “.+” \d+\.\d%/);
    assert.equal(await page.getAttribute("#shift-lab", "data-shift"), "6");
    assert.match((await page.locator("#shift-lab .cnn-shift-maps canvas").first().getAttribute("aria-label")) ?? "", /at shift 6 \(crop windows of a larger image\): top-1 “.+” \d+\.\d%/);
    // heatmap: the blur-pool network under inpainting
    assert.equal(await page.getAttribute("#shift-heatmap", "data-model"), "shapetex-blurpool");
    assert.equal(await page.getAttribute("#shift-heatmap", "data-protocol"), "inpaint");
    assert.equal(await page.locator("#shift-heatmap select").inputValue(), "shapetex-blurpool.inpaint");
    assert.match((await page.locator("#shift-heatmap svg[role=img]").getAttribute("aria-label")) ?? "", /\(inpaint\): 48 images by 17 shifts/);
    // blur-pool comparison: pool1 maps of both networks at shift 3 of 0–8
    await page.waitForSelector("#shift-compare[data-state=done]", {timeout: 180_000});
    assert.equal(await page.getAttribute("#shift-compare", "data-shift"), "3");
    assert.match(await page.locator("#shift-compare figcaption").innerText(), /^At shift 3: the network's input and pool1 channel \d+/);
    assert.equal(await page.locator("#shift-compare .cnn-shift-panel").count(), 2);
    assert.deepEqual(await cellErrors(page), []);
  });

  test("the chapter page at 375 px: no horizontal scrolling, no serious axe violation", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    assert.ok((await overflow(s.page)) <= 0, `page is ${await overflow(s.page)} px wider than the screen`);
    await assertAccessible(s.page, "/shifts");
    assert.ok((await overflow(s.page)) <= 0, "still no overflow with every table open");
    await s.page.$$eval("details", (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = false)));
  });

  test("changing a control updates the URL and the embed code", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await page.locator("#shift-sampling select").nth(1).selectOption("binomial");
    await setRange(page, "#shift-lab input[type=range] >> nth=1", 2);
    await page.locator("#shift-heatmap select").selectOption("shapetex.black");
    const p = await params(page);
    assert.equal(p["sampling.lowpass"], "binomial");
    assert.equal(p["lab.shift"], "2");
    assert.equal(p.heatmap, "shapetex.black");
    assert.equal(p.backend, "wasm", "other parameters stay");
    assert.match(await page.locator("#shift-lab .cnn-shift-readout li").first().innerText(), /at shift 2:/);
    assert.equal(await page.getAttribute("#shift-heatmap", "data-protocol"), "black");
    // the embed code under the 1-D demo carries its current state, and only its own keys
    const embed = page.locator('.cnn-embed-code[data-widget="shift-sampling"]');
    await embed.locator("summary").click();
    const code = await embed.locator("textarea").inputValue();
    assert.match(code, /embed\/shift-sampling\.html\?[^"]*sampling\.lowpass=binomial/);
    assert.match(code, /sampling\.s=3/);
    assert.doesNotMatch(code, /lab\.|heatmap=/);
    await embed.locator("input[type=checkbox]").first().check(); // lock the current settings
    assert.match(await embed.locator("textarea").inputValue(), /lock=sampling\.[a-z]/);
    assert.deepEqual(problems(s), []);
  });

  test("embed shift-sampling: lock and hide from the URL, keyboard animation, a result on every change", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await open("/embed/shift-sampling.html?backend=wasm&sampling.s=3&sampling.lowpass=box&lock=sampling.s,sampling.lowpass&hide=sampling.signal");
    const s3 = page.locator('#shift-sampling [data-param="sampling.s"] input');
    assert.ok(await s3.isDisabled(), "sampling.s is locked");
    assert.equal(await s3.inputValue(), "3");
    assert.ok(await page.locator('#shift-sampling [data-param="sampling.lowpass"] select').isDisabled());
    assert.ok(await page.locator('#shift-sampling [data-param="sampling.signal"]').isHidden());
    assert.ok(await page.locator('#shift-sampling [data-param="sampling.shift"]').isVisible());
    await collectResults(page);
    await setRange(page, '#shift-sampling [data-param="sampling.shift"] input', 4);
    const r = await resultWhere(page, "shift-sampling", "r.shift === 4");
    assert.deepEqual({signal: r.signal, s: r.s, lowPass: r.lowPass, relu: r.relu, invariant: r.invariant}, {signal: "edges", s: 3, lowPass: "box", relu: false, invariant: true});
    assert.equal(r.globalSum, samplingSummary(makeSignal("edges", 48), 4, {s: 3, lowPass: "box"}).globalSum);
    assert.equal((await params(page))["sampling.shift"], "4");
    // the reader starts the animation from the keyboard and stops it with Escape
    await page.getByRole("button", {name: "Animate the shift"}).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => Number((document.querySelector('[data-param="sampling.shift"] input') as HTMLInputElement).value) >= 6, null, {timeout: 10_000});
    await page.keyboard.press("Escape");
    const stopped = await page.locator('[data-param="sampling.shift"] input').inputValue();
    await page.waitForTimeout(600);
    assert.equal(await page.locator('[data-param="sampling.shift"] input').inputValue(), stopped, "Escape stops the animation");
    assert.equal(await page.getByRole("button", {name: "Animate the shift"}).count(), 1);
    assert.ok((await overflow(page)) <= 0);
    await assertAccessible(page, "/embed/shift-sampling");
  });

  test("embed shift-lab: locked protocol and shift, hidden pickers, a result per network after a new sweep", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await open("/embed/shift-lab.html?backend=wasm&lab.model.tiny-darknet=0&lab.sweep=4&lab.shift=2&lab.protocol=inpaint&lock=lab.protocol,lab.shift&hide=lab.direction,lab.model.");
    await page.waitForSelector("#shift-lab[data-state=done]", {timeout: 180_000});
    const imagenet = await imagenetInBuild(page);
    assert.ok(await page.locator('#shift-lab [data-param="lab.protocol"] select').isDisabled());
    assert.equal(await page.locator('#shift-lab [data-param="lab.protocol"] select').inputValue(), "inpaint");
    assert.ok(await page.locator('#shift-lab [data-param="lab.shift"] input').isDisabled());
    assert.ok(await page.getByRole("button", {name: "Animate the sweep"}).isDisabled(), "a locked shift cannot be animated");
    assert.ok(await page.locator('#shift-lab [data-param="lab.direction"]').isHidden());
    assert.ok(await page.locator("#shift-lab fieldset").isHidden(), "every network checkbox hidden: the group too");
    assert.match(await page.locator("#shift-lab .cnn-shift-readout li").first().innerText(), /at shift 2:/);
    await collectResults(page);
    await setRange(page, '#shift-lab [data-param="lab.sweep"] input', 8);
    const r = await resultWhere(page, "shift-lab", "r.maxShift === 8 && r.features.length > 0");
    assert.equal(r.protocol, "inpaint");
    assert.equal(r.shift, 2);
    const nets = r.networks as Array<{model: string; top1: string; probability: number; changes: number}>;
    assert.equal(nets.length, imagenet ? 1 : 2);
    if (imagenet) assert.equal(nets[0].model, "mobilenet-v1-0.25");
    assert.ok(nets[0].top1.length > 0 && nets[0].probability > 0 && nets[0].probability <= 1 && Number.isInteger(nets[0].changes));
    await page.waitForSelector("#shift-lab[data-state=done]", {timeout: 180_000});
    assert.equal(await page.locator("#shift-lab .cnn-shift-readout li").first().getAttribute("data-top1"), nets[0].top1);
    assert.ok((await overflow(page)) <= 0);
    await assertAccessible(page, "/embed/shift-lab");
  });

  test("embed shift-heatmap: a locked picker keeps its value, a free one reports its numbers", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await open("/embed/shift-heatmap.html?heatmap=shapetex-blurpool.inpaint&lock=heatmap");
    assert.ok(await page.locator("#shift-heatmap select").isDisabled());
    assert.equal(await page.locator("#shift-heatmap select").inputValue(), "shapetex-blurpool.inpaint");
    assert.match(await page.locator(".cnn-jaggedness-summary").innerText(), /^ShapeTex.*, inpaint: the top-1 changes along the sweep for \d+ of 48 images/);
    await open("/embed/shift-heatmap.html?heatmap=shapetex.black");
    await collectResults(page);
    await page.locator("#shift-heatmap select").selectOption("shapetex.crop");
    const r = await resultWhere(page, "shift-heatmap", "r.protocol === 'crop'");
    assert.equal(r.model, "shapetex");
    assert.equal(r.images, 48);
    assert.equal(String(r.imagesWithChanges), await page.getAttribute("#shift-heatmap", "data-jagged"));
    assert.equal(await page.locator("#shift-heatmap .cnn-data-table tbody tr").count(), 48, "the table holds one row per image");
    assert.ok((await overflow(page)) <= 0);
    await assertAccessible(page, "/embed/shift-heatmap");
  });

  test("embed blurpool-compare: both networks side by side, the image picker hidden, a result on every shift", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await open("/embed/blurpool-compare.html?backend=wasm&compare.sweep=8&hide=compare.image");
    await page.waitForSelector("#shift-compare[data-state=done]", {timeout: 180_000});
    assert.ok(await page.locator('#shift-compare [data-param="compare.image"]').isHidden());
    assert.ok(await page.locator("#shift-compare .cnn-upload").isHidden(), "the upload goes with the image picker");
    await collectResults(page);
    await setRange(page, '#shift-compare [data-param="compare.shift"] input', 5);
    const r = await resultWhere(page, "blurpool-compare", "r.shift === 5");
    assert.deepEqual((r.networks as Array<{model: string}>).map((n) => n.model).sort(), ["shapetex", "shapetex-blurpool"]);
    assert.deepEqual((r.features as Array<{model: string; layer: string}>).map((f) => f.layer), ["pool2", "pool2"]);
    assert.equal(r.protocol, "inpaint");
    assert.ok((await overflow(page)) <= 0);
    await assertAccessible(page, "/embed/blurpool-compare");
    assert.deepEqual(problems(s), []);
  });
});
