// The looking-back chapter in headless Chromium on ShapeTex (no mirror needed): the three-rule
// figure reacts to its slider and its rule switch, leaks no tensor over 100 slider moves, keeps
// its picture on a bad upload; the worked example shows the hand-checked numbers; occlusion and
// the sanity check run; the embeds obey lock/hide and report results; 375 px; axe.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {axeViolations, describeViolations} from "../helpers/a11y.ts";

const setRange = (page: Page, selector: string, v: number) => page.locator(selector).evaluate((el, value) => {
  (el as HTMLInputElement).value = String(value);
  el.dispatchEvent(new Event("input", {bubbles: true}));
}, v);

const collectResults = (page: Page) => page.evaluate(() => {
  const w = window as unknown as {cnnResults: Array<{widget: string; result: Record<string, unknown>}>};
  w.cnnResults = [];
  document.addEventListener("cnn-result", (e) => w.cnnResults.push((e as CustomEvent).detail));
});

async function resultWhere(page: Page, widget: string, match: string): Promise<Record<string, unknown>> {
  const handle = await page.waitForFunction(([w, m]) => {
    const results = (window as unknown as {cnnResults: Array<{widget: string; result: Record<string, unknown>}>}).cnnResults;
    const test = new Function("r", `return (${m});`) as (r: Record<string, unknown>) => boolean;
    return results.find((d) => d.widget === w && test(d.result))?.result;
  }, [widget, match] as const, {timeout: 120_000});
  return (await handle.jsonValue()) as Record<string, unknown>;
}

/** tf.memory().numTensors of the page's own tfjs (the bundle the page imported). */
const numTensors = (page: Page) => page.evaluate(async () => {
  const href = [...document.querySelectorAll<HTMLLinkElement>("link[rel=modulepreload]")].map((l) => l.href).find((h) => /_bundle\/cnn\.[^/]*js$/.test(h));
  if (!href) throw new Error("the page's bundle was not found");
  const mod = (await import(href)) as {tf: {memory(): {numTensors: number}}};
  return mod.tf.memory().numTensors;
});

const params = (page: Page) => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)));
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const settled = (page: Page, id: string) => page.waitForFunction((sel) => {
  const s = document.querySelector(sel)?.getAttribute("data-state");
  return s === "done" || s === "error";
}, `#${id}`, {timeout: 180_000});

/** No figure of the page busy, twice, a second apart. */
async function quiet(page: Page): Promise<void> {
  const busy = () => page.evaluate(() => document.querySelectorAll("[data-state=busy]").length);
  const deadline = Date.now() + 240_000;
  for (let calm = 0; calm < 2; ) {
    if (Date.now() > deadline) throw new Error("figures were still busy after 4 min");
    calm = (await busy()) === 0 ? calm + 1 : 0;
    await page.waitForTimeout(1000);
  }
}

async function assertAccessible(page: Page, where: string): Promise<void> {
  await page.$$eval("details", (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  assert.deepEqual(describeViolations(await axeViolations(page)), [], `${where}: serious/critical axe violations`);
}

describe("looking back from a neuron (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
  });
  after(async () => s?.close());
  const open = async (path: string) => {
    await s!.page.goto(s!.url(path), {waitUntil: "load"});
    await waitForCells(s!.page, 180_000);
  };

  test("the rule switch and the channel slider change the picture; the worked example has the hand-checked numbers", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await open("/looking-back.html?backend=wasm&back.model=shapetex&back.layer=conv3_2&back.channel=2&back.rule=guided&occl.model=shapetex&sanity.model=shapetex&inv.model=shapetex&patches.model=shapetex");
    await settled(page, "three-rules");
    assert.equal(await page.getAttribute("#three-rules", "data-state"), "done", await page.locator("#three-rules .cnn-status").innerText());
    const guided = await page.getAttribute("#three-rules", "data-signature");
    assert.equal(await page.getAttribute("#three-rules canvas[data-rule]", "data-rule"), "guided");
    await page.locator('#three-rules [data-param="back.rule"] select').selectOption("deconvnet");
    await page.waitForFunction(() => document.querySelector("#three-rules canvas[data-rule]")?.getAttribute("data-rule") === "deconvnet", null, {timeout: 60_000});
    await settled(page, "three-rules");
    const deconv = await page.getAttribute("#three-rules", "data-signature");
    assert.notEqual(deconv!.split("|").at(-1), guided!.split("|").at(-1), "the deconvnet picture differs from guided backprop's");
    assert.equal((await params(page))["back.rule"], "deconvnet");
    await setRange(page, '#three-rules [data-param="back.channel"] input', 5);
    await page.waitForFunction(() => (document.querySelector("#three-rules")?.getAttribute("data-signature") ?? "").split("|")[2] === "5", null, {timeout: 60_000});
    assert.equal((await params(page))["back.channel"], "5");
    assert.match(await page.locator("#three-rules .cnn-status").innerText(), /Deconvnet from channel 5 of conv3_2/);
    // the 1-D example: the numbers of test/backward-rules.test.ts, computed in the page
    const rows = await page.$$eval(".cnn-worked-example tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => r[2]), ["(1, 0)", "(-1, 2)", "(1, 1)"]);
    assert.deepEqual(rows.map((r) => r[1]), ["(1, 0, -1)", "(1, 1, 0)", "(1, 0, 0)"]);
    assert.ok((await page.locator(".cnn-cases .katex").count()) >= 4, "the four cases are typeset");
    assert.deepEqual(await cellErrors(page), []);
  });

  test("no tensor leaked over 100 slider moves", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    // the baseline is taken when no figure of the page is working (one still finishing its
    // first picture would otherwise count as a leak of the slider)
    await quiet(page);
    const before = await numTensors(page);
    for (let i = 0; i < 100; i++) await setRange(page, '#three-rules [data-param="back.channel"] input', i % 64);
    await page.waitForFunction(() => (document.querySelector("#three-rules")?.getAttribute("data-signature") ?? "").split("|")[2] === "35", null, {timeout: 120_000});
    await quiet(page);
    assert.equal(await numTensors(page), before, "tensors after 100 moves");
  });

  test("a bad upload gives a message and keeps the picture", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    const sig = await page.getAttribute("#three-rules", "data-signature");
    await page.setInputFiles("#three-rules input[type=file]", {name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not pixels\n".repeat(30))});
    await page.waitForFunction(() => /not an image/.test(document.querySelector("#three-rules .cnn-upload-status")?.textContent ?? ""), null, {timeout: 30_000});
    assert.equal(await page.getAttribute("#three-rules", "data-signature"), sig);
  });

  test("occlusion: the most sensitive square is outlined and the size slider reacts", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await settled(page, "occlusion");
    assert.equal(await page.getAttribute("#occlusion", "data-state"), "done");
    await collectResults(page);
    await setRange(page, '#occlusion [data-param="occl.size"] input', 0.2);
    const r = await resultWhere(page, "occlusion", "r.size === 6");
    const min = r.minimum as {probability: number; x: number; y: number};
    const intact = r.intact as {probability: number};
    assert.ok(min.probability <= intact.probability, "the minimum is at most the intact probability");
    assert.ok(min.x >= 0 && min.x <= 26 && min.y >= 0 && min.y <= 26);
    assert.equal((await params(page))["occl.size"], "0.2");
    assert.match(await page.locator("#occlusion table caption").innerText(), /square 6 px/);
  });

  test("top patches: nine precomputed patches drawn without tfjs, a live recompute agrees with them; invariance: a curve per layer and P(class)", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await settled(page, "top-patches");
    assert.equal(await page.getAttribute("#top-patches", "data-state"), "done", await page.locator("#top-patches .cnn-status").innerText());
    assert.equal(await page.locator("#top-patches .cnn-patch-grid figure").count(), 9);
    assert.equal(await page.locator("#top-patches .cnn-patch-grid canvas").count(), 18);
    // on load the default choice (ShapeTex, its default layer, deconvnet) is the precomputed one: no tfjs work
    assert.equal(await page.getAttribute("#top-patches", "data-source"), "precomputed");
    assert.match(await page.locator("#top-patches .cnn-status").innerText(), /generated ShapeTex images, precomputed/);
    await collectResults(page);
    await quiet(page);
    const tensorsBefore = await numTensors(page);
    await setRange(page, '#top-patches [data-param="patches.channel"] input', 3);
    const stored = await resultWhere(page, "top-patches", "r.source === 'precomputed' && r.channel === 3");
    assert.equal(await numTensors(page), tensorsBefore, "a precomputed channel is drawn without a tensor");
    assert.equal(stored.images, 32);
    // recomputed live over the same ShapeTex images plus the build's photos: each ShapeTex unit that is
    // still among the 9 has the precomputed activation and box
    await page.getByRole("button", {name: "Recompute live, with this build's photos"}).click();
    const live = await resultWhere(page, "top-patches", "r.source === 'live' && r.channel === 3");
    assert.equal(live.layer, stored.layer);
    assert.ok((live.images as number) >= 32, `live set: ${live.images} images`);
    assert.equal(await page.getAttribute("#top-patches", "data-source"), "live");
    assert.equal(await page.locator("#top-patches .cnn-patch-grid figure").count(), 9);
    type P = {image: string; activation: number; box: {x: number; y: number; size: number}};
    const storedBy = new Map((stored.patches as P[]).map((p) => [p.image, p]));
    const shared = (live.patches as P[]).filter((p) => storedBy.has(p.image));
    assert.ok(shared.length >= 1, "some precomputed ShapeTex units are among the live nine");
    for (const p of shared) {
      assert.ok(Math.abs(p.activation - storedBy.get(p.image)!.activation) <= 1e-3, `${p.image}: live ${p.activation} vs precomputed ${storedBy.get(p.image)!.activation}`);
      assert.deepEqual(p.box, storedBy.get(p.image)!.box, p.image);
    }
    // a layer above the precomputed ones is computed live
    await page.locator('#top-patches [data-param="patches.layer"] select').selectOption("conv3_1");
    const high = await resultWhere(page, "top-patches", "r.source === 'live' && r.layer === 'conv3_1'");
    assert.equal((high.patches as P[]).length, 9);
    assert.equal((await params(page))["patches.layer"], "conv3_1");
    await settled(page, "training-features");
    assert.equal(await page.getAttribute("#training-features", "data-state"), "done", await page.locator("#training-features .cnn-status").innerText());
    assert.equal(await page.locator("#training-features table.cnn-training-grid tbody tr").count(), 9, "3 channels of 3 layers");
    assert.equal(await page.locator("#training-features table.cnn-training-grid tbody canvas").count(), 9 * 4 * 2, "patch + reconstruction per epoch");
    await settled(page, "invariance");
    assert.equal(await page.getAttribute("#invariance", "data-state"), "done", await page.locator("#invariance .cnn-status").innerText());
    await collectResults(page);
    await page.locator('#invariance [data-param="inv.transform"] select').selectOption("rotate");
    const r = await resultWhere(page, "invariance", "r.transform === 'rotate'");
    assert.deepEqual(r.amounts, [-180, -135, -90, -45, 0, 45, 90, 135, 180]);
    const rel = r.relative as Record<string, number[]>;
    for (const v of Object.values(rel)) assert.equal(v[4], 0, "no change at 0 degrees");
    assert.equal((await params(page))["inv.transform"], "rotate");
  });

  test("sanity check on ShapeTex: guided backprop holds up longer than plain gradients", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await collectResults(page);
    await page.getByRole("button", {name: "Randomize, layer by layer"}).click();
    const r = await resultWhere(page, "sanity-check", "Array.isArray(r.steps)");
    const steps = r.steps as Array<{randomized: number; rankCorrelation: {backprop: number; guided: number}}>;
    assert.equal(steps[0].rankCorrelation.guided, 1);
    assert.ok(steps.length >= 4);
    const early = steps[1];
    assert.ok(early.rankCorrelation.guided > early.rankCorrelation.backprop, `after ${early.randomized} layers: ${JSON.stringify(early.rankCorrelation)}`);
    assert.equal(await page.locator("#sanity-check .cnn-sanity-grid canvas").count(), 2 * steps.length);
    assert.deepEqual(problems(s), []);
  });

  test("the page at 375 px: no horizontal scrolling, no serious axe violation", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    await s.page.setViewportSize({width: 375, height: 800});
    assert.ok((await overflow(s.page)) <= 0, `page is ${await overflow(s.page)} px wider than the screen`);
    await assertAccessible(s.page, "/looking-back");
    await s.page.setViewportSize({width: 1200, height: 900});
  });

  test("embed three-rules: lock and hide from the URL, a result on every change", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const {page} = s;
    await open("/embed/three-rules.html?backend=wasm&back.model=shapetex&back.layer=conv2_2&back.rule=backprop&lock=back.rule&hide=back.view");
    await settled(page, "three-rules");
    assert.ok(await page.locator('#three-rules [data-param="back.rule"] select').isDisabled(), "rule locked");
    assert.equal(await page.locator('#three-rules [data-param="back.rule"] select').inputValue(), "backprop");
    assert.ok(await page.locator('#three-rules [data-param="back.view"]').isHidden(), "view hidden");
    await collectResults(page);
    await setRange(page, '#three-rules [data-param="back.channel"] input', 7);
    const r = await resultWhere(page, "three-rules", "r.target && r.target.channel === 7");
    assert.equal(r.rule, "backprop");
    assert.equal((r.target as {layer: string}).layer, "conv2_2");
    assert.ok((r.unit as {value: number}).value >= 0);
    await s.page.setViewportSize({width: 375, height: 800});
    assert.ok((await overflow(page)) <= 0);
    await assertAccessible(page, "/embed/three-rules");
    await s.page.setViewportSize({width: 1200, height: 900});
  });
});
