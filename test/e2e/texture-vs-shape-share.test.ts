// The texture-vs-shape chapter's shareable state, embeds and accessibility (issue 7), in
// headless Chromium on the wasm backend: a link with parameters restores every figure; each
// control writes the URL; embed pages obey lock= and hide= and report their results (as DOM
// events, and as messages to a host page around an iframe); axe finds no serious or critical
// violation; nothing scrolls sideways at 375 px. Cheapest settings throughout (MobileNet v1
// 0.25, a 20-step training run).
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {axeViolations, describeViolations} from "../helpers/a11y.ts";
import {TEXTURE_EMBEDS} from "../../components/chapters/texture-vs-shape/embeds.ts";
import {requireMirror} from "../helpers/mirror.ts";
import {REGISTRY} from "../../components/zoo/registry.ts";

/** With the mirror, every ImageNet network of the zoo is in the build: the cat figure shows each one's answer. */
const IMAGENET_NETWORKS = REGISTRY.filter((e) => e.kind === "imagenet").length;


interface Reported {
  widget: string;
  result: Record<string, unknown>;
}

/** Every "cnn-result" event the page dispatched so far, for one widget. */
const results = (page: Page, widget: string) => page.evaluate((w) => ((window as unknown as {cnnResults?: Reported[]}).cnnResults ?? []).filter((r) => r.widget === w), widget);

async function waitForResult(page: Page, widget: string, ok: string, timeout = 60_000): Promise<Reported> {
  await page.waitForFunction(([w, test]) => ((window as unknown as {cnnResults?: Reported[]}).cnnResults ?? []).some((r) => r.widget === w && new Function("r", `return ${test}`)(r.result)), [widget, ok] as const, {timeout});
  const all = await results(page, widget);
  return all[all.length - 1];
}

/** Open an embed page and wait until its figure and footer are on it. */
async function openEmbed(s: Session, pathAndQuery: string): Promise<void> {
  await s.page.goto(s.url(pathAndQuery), {waitUntil: "load"});
  await s.page.waitForSelector("html[data-widget] .cnn-embed-footer", {timeout: 60_000});
  await waitForCells(s.page, 60_000);
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function noSeriousViolations(page: Page, where: string): Promise<void> {
  const v = await axeViolations(page);
  assert.deepEqual(describeViolations(v), [], `axe on ${where}`);
}

describe("texture vs shape: links, embeds, accessibility (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    // record every figure's reported result from the first script on
    await s.context.addInitScript(() => {
      const w = window as unknown as {cnnResults: unknown[]};
      w.cnnResults = [];
      document.addEventListener("cnn-result", (e) => w.cnnResults.push((e as CustomEvent).detail));
    });
  });
  after(async () => s?.close());

  const needMirror = (t: {skip(m: string): void}) => requireMirror(t, "rgeirhos");

  test("a link with parameters restores every figure's view", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s || !needMirror(t)) return;
    const page = s.page;
    await page.goto(s.url("/texture-vs-shape.html?backend=wasm&cat.model=tiny-darknet&category=dog&transforms.model=mobilenet-v1-0.25&transforms.image=elephant1&transforms.sigma=2.2&train.agreement=0.5&train.steps=100&train.seed=3"), {waitUntil: "load"});
    await waitForCells(page, 90_000);
    assert.deepEqual(await cellErrors(page), []);
    // the cat: only Tiny Darknet's precomputed answers, nothing classified yet
    await page.waitForSelector("#texture-cat[data-state=precomputed]", {timeout: 30_000});
    const cat = await page.$$eval("#texture-cat .cnn-texture-answer", (as) => as.map((a) => [(a as HTMLElement).dataset.model, (a as HTMLElement).dataset.source, (a as HTMLElement).dataset.decision]));
    assert.deepEqual(cat, [["tiny-darknet", "precomputed", "cat"], ["tiny-darknet", "precomputed", "elephant"], ["tiny-darknet", "precomputed", "elephant"]]);
    assert.match((await page.getAttribute("#texture-cat figure[data-image='cat7-elephant1_nomask'] img", "alt")) ?? "", /Tiny Darknet: category elephant, top-1 “tusker”/, "the image's text alternative says what the network answered");
    const catReport = (await results(page, "texture-cat")).at(-1);
    assert.equal(catReport?.result.model, "tiny-darknet");
    // the gallery: the dog category's 5 images
    const shown = await page.$$eval("#texture-gallery figure", (fs) => fs.map((f) => (f as HTMLElement).dataset.stimulus ?? ""));
    assert.equal(shown.length, 5);
    assert.ok(shown.every((id) => id.startsWith("dog/")), shown.join(", "));
    assert.match(await page.locator("#texture-gallery [role=status]").innerText(), /^5 images with a dog shape: \d+ S \(shape\), \d+ T \(texture\)/);
    // the transforms: the elephant skin, σ 2.2, classified by MobileNet
    const transforms = await waitForResult(page, "texture-transforms", "r.image === 'elephant1'");
    assert.equal(transforms.result.model, "mobilenet-v1-0.25");
    assert.equal(transforms.result.sigma, 2.2);
    assert.deepEqual((transforms.result.transforms as Array<{transform: string}>).map((x) => x.transform), ["original", "grayscale", "silhouette", "edges", "texture"]);
    assert.equal(await page.getAttribute("#texture-transforms", "data-image"), "elephant1");
    assert.equal(await page.locator("#texture-transforms [data-param='transforms.sigma'] output").innerText(), "2.2 px");
    assert.match((await page.getAttribute("#texture-transforms figure[data-transform=edges] canvas", "aria-label")) ?? "", /^Elephant skin \(texture\), edges \(canny\)\. MobileNet v1 0\.25: category \w+, top-1 “.+” \d+\.\d%$/);
    // the training lab: the settings, and no training until the button
    const settings = await page.$$eval("#texture-train [data-setting] input", (is) => Object.fromEntries(is.map((i) => [(i.closest("[data-setting]") as HTMLElement).dataset.setting, (i as HTMLInputElement).valueAsNumber])));
    assert.deepEqual(settings, {agreement: 0.5, randomization: 0, jitter: 0, crop: 1, steps: 100, seed: 3});
    assert.equal(await page.getAttribute("#texture-train", "data-state"), "idle");
    assert.equal(await page.locator("#texture-train progress").count(), 0, "nothing trains on load");
  });

  test("changing a control (mouse or keyboard) updates the URL at once; the embed code follows", {timeout: 60_000}, async (t) => {
    if (!requireChromium(t) || !s || !needMirror(t)) return;
    const page = s.page;
    const param = async (k: string) => new URL(page.url()).searchParams.get(k);
    await page.selectOption("#texture-gallery select", "cat");
    assert.equal(await param("category"), "cat");
    await page.waitForFunction(() => document.querySelectorAll("#texture-gallery figure").length === 5);
    await page.selectOption("#texture-cat select", "all");
    assert.equal(await param("cat.model"), "all");
    assert.equal(await page.locator("#texture-cat figure[data-image=elephant1] .cnn-texture-answer").count(), IMAGENET_NETWORKS, "every network's answer");
    await page.focus("#texture-transforms [data-param='transforms.sigma'] input");
    await page.keyboard.press("ArrowRight");
    assert.equal(await param("transforms.sigma"), "2.4");
    await page.focus("#texture-train [data-setting=steps] input");
    await page.keyboard.press("Home");
    assert.equal(await param("train.steps"), "20");
    assert.equal(await page.getAttribute("#texture-train", "data-state"), "idle", "moving a slider trains nothing");
    await page.click(".cnn-embed-code[data-widget=texture-gallery] summary");
    const code = await page.inputValue(".cnn-embed-code[data-widget=texture-gallery] textarea");
    assert.match(code, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/texture-gallery\.html\?category=cat"/);
    await page.click(".cnn-embed-code[data-widget=texture-training] summary");
    const training = await page.inputValue(".cnn-embed-code[data-widget=texture-training] textarea");
    assert.match(training, /embed\/texture-training\.html\?[^"]*train\.steps=20/);
    assert.doesNotMatch(training, /category=|cat\.model=/, "only the figure's own parameters");
  });

  test("the chapter page: no serious or critical axe violation; nothing scrolls sideways at 375 px", {timeout: 90_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    if (!page.url().includes("/texture-vs-shape.html")) {
      await page.goto(s.url("/texture-vs-shape.html?backend=wasm"), {waitUntil: "load"});
      await waitForCells(page, 90_000);
    }
    await page.waitForSelector("#texture-transforms[data-state=done]", {timeout: 60_000});
    await page.$$eval("#texture-bias-chart details, #texture-category-chart details", (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await noSeriousViolations(page, "the chapter page at 1200 px");
    await page.setViewportSize({width: 375, height: 800});
    await page.waitForTimeout(500); // charts redraw at the new width
    assert.ok((await overflow(page)) <= 0, `horizontal overflow ${await overflow(page)} px at 375 px`);
    await noSeriousViolations(page, "the chapter page at 375 px");
    assert.deepEqual(problems(s), []);
  });

  test("embeds at 375 px: each renders alone, reports its result, passes axe, fits", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s || !needMirror(t)) return;
    const page = s.page;
    await page.setViewportSize({width: 375, height: 800});
    const expected: Record<string, string> = {
      "texture-cat": `r.answers.length === ${3 * IMAGENET_NETWORKS} && r.model === 'all'`,
      "texture-gallery": "r.images === 80 && r.category === 'all'",
      "texture-shape-bias": "r.observers.some((o) => o.name === 'Humans (Geirhos et al.)' && o.shapeBias > 0.95)",
      "texture-category-bias": "r.categories.length === 16",
      "texture-transforms": "r.transforms.length === 5 && r.model === 'mobilenet-v1-0.25'",
      "texture-training": "false", // reports when a run ends (next test)
    };
    for (const e of TEXTURE_EMBEDS) {
      await openEmbed(s, `/embed/${e.widget}.html?backend=wasm`);
      assert.deepEqual(await cellErrors(page), [], e.widget);
      assert.equal(await page.getAttribute("html", "data-widget"), e.widget);
      assert.equal(await page.locator("#observablehq-sidebar").count(), 0, `${e.widget}: the figure alone`);
      if (expected[e.widget] !== "false") await waitForResult(page, e.widget, expected[e.widget]);
      await page.$$eval("details.cnn-chart-table", (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      await noSeriousViolations(page, `/embed/${e.widget}.html`);
      assert.ok((await overflow(page)) <= 0, `${e.widget}: horizontal overflow ${await overflow(page)} px at 375 px`);
    }
    assert.deepEqual(problems(s), []);
  });

  test("embeds obey lock= and hide=; the training embed reports its run when it ends", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s || !needMirror(t)) return;
    const page = s.page;
    await openEmbed(s, "/embed/texture-transforms.html?backend=wasm&transforms.image=cat7-elephant1_nomask&transforms.model=mobilenet-v1-0.25&lock=transforms.image&hide=transforms.model");
    const image = page.locator("[data-param='transforms.image'] select");
    assert.equal(await image.isDisabled(), true, "the locked control is disabled");
    assert.equal(await image.inputValue(), "cat7-elephant1_nomask", "and keeps the link's value");
    assert.equal(await page.locator("[data-param='transforms.model']").isHidden(), true, "the hidden control is hidden");
    assert.equal(await page.locator("[data-param='transforms.sigma']").isVisible(), true, "the others stay");
    const r = await waitForResult(page, "texture-transforms", "r.image === 'cat7-elephant1_nomask'");
    assert.equal((r.result.transforms as unknown[]).length, 5);

    await openEmbed(s, "/embed/texture-training.html?backend=wasm&train.steps=20&train.randomization=1&lock=train.steps,train.randomization&hide=train.seed");
    assert.equal(await page.locator("[data-setting=steps] input").isDisabled(), true);
    assert.equal(await page.locator("[data-setting=seed]").isHidden(), true);
    await page.click("#texture-train button[name=train]");
    const run = await waitForResult(page, "texture-training", "true", 90_000);
    assert.deepEqual(run.result.settings, {agreement: 1, randomization: 1, jitter: 0, crop: 1, steps: 20, seed: 1});
    const bias = run.result.shapeBias as number;
    assert.ok(bias >= 0 && bias <= 1, `shape bias ${bias}`);
    assert.equal(run.result.n, 120);
    assert.match(await page.locator("#texture-train [role=status]").innerText(), /^Your network: shape bias/, "the result is announced");
    assert.deepEqual(problems(s), []);
  });

  test("inside an iframe the embed posts ready, state and result messages to the host page", {timeout: 60_000}, async (t) => {
    if (!requireChromium(t) || !s || !needMirror(t)) return;
    const page = s.page;
    // a host page on the site's origin (Chromium blocks a public about:blank page from framing 127.0.0.1)
    const host = s.url("/texture-embed-host.html");
    const frameSrc = s.url("/embed/texture-gallery.html?category=bear&hide=category");
    await page.route(host, (route) => route.fulfill({contentType: "text/html", body: `<!doctype html><html lang="en"><title>host</title><script>window.messages = []; addEventListener("message", (e) => messages.push(e.data));</script><iframe title="gallery" width="375" height="700" src="${frameSrc}"></iframe></html>`}));
    await page.goto(host, {waitUntil: "load"});
    const messages = () => page.evaluate(() => (window as unknown as {messages: Array<{source: string; widget: string; type: string; result?: {category: string; images: number}}>}).messages);
    await page.waitForFunction(() => (window as unknown as {messages: Array<{type: string}>}).messages.some((m) => m.type === "result"), null, {timeout: 30_000});
    const result = (await messages()).find((m) => m.type === "result");
    assert.equal(result?.source, "what-a-cnn-learns");
    assert.equal(result?.widget, "texture-gallery");
    assert.equal(result?.result?.category, "bear");
    assert.equal(result?.result?.images, 5);
    assert.ok((await messages()).some((m) => m.type === "ready"));
    const [frame] = page.mainFrame().childFrames();
    assert.ok(frame, "the embed's frame");
    assert.equal(await frame.locator("[data-param=category]").isHidden(), true);
    await frame.evaluate(() => { const c = document.querySelector("[data-param=category]") as unknown as {value: string}; c.value = "cat"; });
    await page.waitForFunction(() => (window as unknown as {messages: Array<{type: string; params?: Record<string, string>}>}).messages.some((m) => m.type === "state" && m.params?.category === "cat"), null, {timeout: 10_000});
  });
});
