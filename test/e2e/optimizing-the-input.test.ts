// The "optimizing the input" chapter in headless Chromium (wasm backend, the embedded ShapeTex
// nets, so no mirror is needed): the ε slider reacts, a targeted attack changes the top-1,
// many slider moves leak no tensor, Cancel stops a class visualization, the precomputed class
// gallery shows its renders and sends a class to the live figure, a bad upload is
// reported, the semantic-directions rows follow the unit slider and the new-direction button,
// an embed obeys lock/hide and reports its result, axe finds no serious violation,
// nothing scrolls sideways at 375 px.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import type {Page} from "playwright-core";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {axeViolations, describeViolations} from "../helpers/a11y.ts";
import {OPTIMIZE_EMBEDS} from "../../components/chapters/optimizing-the-input/embeds.ts";

interface Reported {
  widget: string;
  result: Record<string, unknown>;
}

const results = (page: Page, widget: string) => page.evaluate((w) => ((window as unknown as {cnnResults?: Reported[]}).cnnResults ?? []).filter((r) => r.widget === w), widget);

const adv = (page: Page) => page.locator("#adversarial");
const data = (page: Page, key: string) => page.$eval("#adversarial", (el, k) => (el as HTMLElement).dataset[k] ?? "", key);

describe("optimizing the input (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    await s.context.addInitScript(() => {
      const w = window as unknown as {cnnResults: unknown[]};
      w.cnnResults = [];
      document.addEventListener("cnn-result", (e) => w.cnnResults.push((e as CustomEvent).detail));
    });
    await s.page.goto(s.url("/optimizing-the-input.html?backend=wasm&adv.model=shapetex&adv.eps=2&classvis.model=shapetex&dream.model=shapetex"));
    await s.page.waitForSelector("#adversarial[data-state=done]", {timeout: 180_000});
    await waitForCells(s.page);
  });
  after(async () => s?.close());

  test("the ε slider reacts: each move re-attacks, the L∞ follows ε, and no tensor leaks over many moves", {timeout: 180_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const caption = () => adv(page).locator("figcaption").nth(1).innerText();
    assert.match(await caption(), /L∞ = 2\.00\/255/);
    const slider = adv(page).getByLabel("ε (pixel levels of 255)");
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => /L∞ = 3\.00\/255/.test(document.querySelectorAll("#adversarial figcaption")[1]?.textContent ?? ""), null, {timeout: 30_000});
    assert.equal(new URL(page.url()).searchParams.get("adv.eps"), "3", "ε is in the URL");
    const start = Number(await data(page, "tensors"));
    for (let i = 0; i < 12; i++) await page.keyboard.press(i % 2 ? "ArrowLeft" : "ArrowRight");
    await page.keyboard.press("End");
    await page.waitForFunction(() => /L∞ = 16\.00\/255/.test(document.querySelectorAll("#adversarial figcaption")[1]?.textContent ?? ""), null, {timeout: 60_000});
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#adversarial")?.dataset.state === "done");
    assert.equal(Number(await data(page, "tensors")), start, "tensors after 13 slider moves");
    assert.deepEqual(await cellErrors(page), []);
  });

  test("a targeted attack on ShapeTex runs with progress and changes the top-1 to its target within ε", {timeout: 180_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await adv(page).getByLabel("Attack").selectOption("pgd");
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#adversarial")?.dataset.state === "done");
    const before = await data(page, "top1Before");
    const labels = ["circle", "square", "triangle", "star", "cross", "heart"];
    const target = labels.find((l) => l !== before)!;
    const picker = adv(page).getByLabel("Target class");
    await picker.fill(target);
    await picker.press("Enter");
    await picker.blur();
    await adv(page).getByRole("button", {name: "Run the targeted attack"}).click();
    await page.waitForFunction((tg) => document.querySelector<HTMLElement>("#adversarial")?.dataset.top1After === tg, target, {timeout: 120_000});
    const r = (await results(page, "adversarial")).filter((x) => x.result.attack === "pgd").pop()!;
    assert.equal(r.result.reached, true);
    assert.equal(r.result.top1After, target);
    assert.ok((r.result.linf as number) <= 16 + 1e-3, `L∞ ${r.result.linf}`);
    assert.match(await adv(page).locator(".cnn-progress").innerText(), /Reached “/);
    // transfer to the other ShapeTex network
    await adv(page).getByRole("button", {name: "Test this image on the other networks"}).click();
    await page.waitForSelector("#adversarial table.cnn-data-table", {timeout: 60_000});
    assert.match(await adv(page).locator("table.cnn-data-table").innerText(), /ShapeTex CNN \(blur-?pool\)/i);
  });

  test("Cancel stops a class visualization", {timeout: 180_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const fig = page.locator("#classvis");
    const steps = fig.getByLabel("Steps");
    await steps.focus();
    await page.keyboard.press("End");
    await fig.getByRole("button", {name: "Render"}).click();
    await page.waitForFunction(() => /Rendering: [1-9]\d*\//.test(document.querySelector("#classvis .cnn-progress")?.textContent ?? ""), null, {timeout: 60_000});
    await fig.getByRole("button", {name: "Cancel"}).click();
    await page.waitForSelector("#classvis[data-state=cancelled]", {timeout: 60_000});
    assert.match(await fig.locator(".cnn-progress").innerText(), /Cancelled after \d+ steps/);
    const r = (await results(page, "classvis")).pop()!;
    assert.equal(r.result.cancelled, true);
    assert.ok((r.result.steps as number) < 256);
  });

  test("the class-visualization gallery shows its renders with alt text and captions; Render live renders that class", {timeout: 180_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const shapes = ["circle", "square", "triangle", "star", "cross", "heart"];
    const grid = page.locator(".cnn-classvis-gallery[data-part=shapetex]");
    const shown = await grid.locator("li").evaluateAll((items) => items.map((li) => {
      const img = li.querySelector("img")!;
      return {alt: img.alt, loaded: img.complete && img.naturalWidth > 0, caption: li.querySelector("figcaption")!.textContent};
    }));
    assert.equal(shown.length, 6);
    shown.forEach((x, i) => {
      assert.ok(x.loaded, `${shapes[i]}: image decoded`);
      assert.match(x.alt, new RegExp(`^ShapeTex CNN's rendering of the class ${shapes[i]}, which it classifies as \\w+ with probability \\d+\\.\\d%\\.$`));
      assert.match(x.caption ?? "", new RegExp(`^${shapes[i]}: top-1 \\w+, \\d+\\.\\d%`));
    });
    // the ImageNet network's 17 when this build has it, else a sentence for the reader (no asset words)
    const imagenet = page.locator(".cnn-classvis-gallery[data-part=imagenet]");
    const n = await imagenet.locator("img").count();
    if (n) {
      assert.equal(n, 17);
      assert.match(await imagenet.locator("li").first().locator("figcaption").innerText(), /^dumbbell: top-1 /);
      assert.equal(await imagenet.locator("img").evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth === 224).length), 17);
    } else assert.doesNotMatch(await imagenet.locator(".cnn-missing").innerText(), /mirror|asset|ASSET_/, "the missing part speaks to the reader");
    // the papers' networks: the same four classes each, or the reader's sentence
    for (const [id, name] of [["googlenet", "GoogLeNet"], ["resnet-50", "ResNet-50"]]) {
      const part = page.locator(`.cnn-classvis-gallery[data-part=${id}]`);
      if (n) {
        const alts = await part.locator("img").evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).alt] as const));
        assert.deepEqual(alts.map(([w]) => w), [224, 224, 224, 224], id);
        assert.match(alts[0][1], new RegExp(`^${name}'s rendering of the class dumbbell, which it classifies as .+ with probability \\d+\\.\\d%\\.$`));
      } else assert.doesNotMatch(await part.locator(".cnn-missing").innerText(), /mirror|asset|ASSET_/, id);
    }
    // keyboard: the heart's button renders the heart in the live figure
    const before = (await results(page, "classvis")).length;
    const button = grid.getByRole("button", {name: "Render live: heart with ShapeTex CNN, in the figure above"});
    await button.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((k) => ((window as unknown as {cnnResults?: Reported[]}).cnnResults ?? []).filter((r) => r.widget === "classvis").length > k, before, {timeout: 120_000});
    const r = (await results(page, "classvis")).pop()!;
    assert.deepEqual([r.result.model, r.result.class, r.result.label, r.result.cancelled], ["shapetex", 5, "heart", false]);
    assert.equal(new URL(page.url()).searchParams.get("classvis.class"), "5", "the class is in the URL");
    assert.deepEqual(await cellErrors(page), []);
  });

  test("DeepDream on ShapeTex shows each octave as it finishes, raises its objective and offers the PNG", {timeout: 180_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const fig = page.locator("#dream");
    await page.waitForSelector("#dream [data-param='dream.layer'] select", {timeout: 60_000});
    const octaves = fig.getByLabel("Octaves");
    await octaves.focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight"); // 2 octaves
    await fig.getByRole("button", {name: "Dream"}).click();
    await page.waitForSelector("#dream[data-state=done]", {timeout: 150_000});
    assert.equal(await fig.locator(".cnn-dream-octaves canvas").count(), 2, "one picture per octave");
    const r = (await results(page, "dream")).pop()!;
    assert.equal(r.result.octaves, 2);
    assert.ok((r.result.objectiveAfter as number) > (r.result.objectiveBefore as number), JSON.stringify(r.result));
    assert.equal(await fig.getByRole("link", {name: "Download the dream (PNG)"}).isVisible(), true);
    assert.match(await fig.getByRole("link", {name: "Download the dream (PNG)"}).getAttribute("href") ?? "", /^data:image\/png;base64,/);
  });

  test("a bad upload is reported and the figure keeps its image", {timeout: 60_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const input = adv(page).locator(".cnn-upload input[type=file]");
    await input.setInputFiles({name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not pixels at all\n".repeat(10))});
    await page.waitForFunction(() => /not an image/.test(document.querySelector("#adversarial .cnn-upload-status")?.textContent ?? ""));
    assert.match(await adv(page).locator(".cnn-upload-status").innerText(), /previous image is kept/);
    assert.equal(await adv(page).getAttribute("data-state"), "done");
    assert.deepEqual(await cellErrors(page), []);
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });

  test("semantic directions: two rows of nine ranked images with scores; the unit slider and the new-direction button re-rank, stay in the URL and leak no tensor", {timeout: 180_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const fig = page.locator("#directions");
    await page.waitForSelector("#directions[data-state=done]", {timeout: 120_000});
    const rows = fig.locator(".cnn-directions-row");
    assert.equal(await rows.count(), 2);
    assert.equal(await rows.nth(0).locator(".cnn-directions-img").count(), 9);
    assert.equal(await rows.nth(1).locator(".cnn-directions-img").count(), 9);
    assert.match(await rows.nth(0).locator("figcaption").innerText(), /^Unit 0 of gap/);
    const scores = async (row: number) => (await rows.nth(row).locator(".cnn-directions-grid span").allInnerTexts()).map(Number);
    const first = await scores(0);
    assert.deepEqual(first, [...first].sort((a, b) => b - a), "scores best first");
    assert.match(await fig.locator(".cnn-directions-sentence").innerText(), /^Unit 0: \d of 9 of its top images are labelled “\w+”; random direction: \d of 9 are labelled “\w+”\. Nine images drawn at random from these 96 have \d\.\d with their most common label/);
    assert.equal(await fig.locator(".cnn-directions-table tbody tr").count(), 9, "data table");
    const memory = () => page.evaluate(() => (window as unknown as {cnnDebug: {memory(): {numTensors: number} | null}}).cnnDebug.memory()?.numTensors ?? 0);
    const start = await memory();
    const done = () => page.waitForFunction(() => document.querySelector<HTMLElement>("#directions")?.dataset.state === "done");
    // the unit slider: the top row follows the unit
    await fig.getByLabel("Unit", {exact: true}).focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => /^Unit 1 of/.test(document.querySelector("#directions .cnn-directions-row figcaption")?.textContent ?? ""));
    assert.equal(new URL(page.url()).searchParams.get("dir.unit"), "1", "the unit is in the URL");
    assert.notDeepEqual(await scores(0), first, "another unit, other scores");
    // a new random direction: the second row changes, the seed is in the URL
    const random0 = await scores(1);
    await fig.getByRole("button", {name: "New random direction"}).click();
    await page.waitForFunction(() => /^Random direction 1 of/.test(document.querySelectorAll("#directions .cnn-directions-row figcaption")[1]?.textContent ?? ""));
    assert.equal(new URL(page.url()).searchParams.get("dir.seed"), "1", "the seed is in the URL");
    assert.notDeepEqual(await scores(1), random0, "another direction, other scores");
    const r = (await results(page, "directions")).pop()!;
    assert.equal(r.result.unit, 1);
    assert.equal(r.result.seed, 1);
    assert.equal((r.result.randomTop as unknown[]).length, 9);
    await fig.getByLabel("Unit", {exact: true}).focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press(i % 2 ? "ArrowLeft" : "ArrowRight");
    await fig.getByLabel("Unit", {exact: true}).press("ArrowRight");
    await done();
    await fig.getByLabel("Layer", {exact: true}).selectOption("conv3_2");
    await page.waitForFunction(() => /^Unit \d+ of conv3_2/.test(document.querySelector("#directions .cnn-directions-row figcaption")?.textContent ?? ""));
    await done();
    assert.equal(await memory(), start, "tensors after the unit, seed and layer moves");
    await fig.getByLabel("Layer", {exact: true}).selectOption("gap");
    await done();
    assert.deepEqual(await cellErrors(page), []);
  });

  test("semantic directions embed: the locked seed and the hidden layer are obeyed, the result is reported", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/embed/directions.html?backend=wasm&dir.model=shapetex&dir.unit=4&dir.seed=7&lock=dir.seed&hide=dir.layer"), {waitUntil: "load"});
    await page.waitForSelector("#directions[data-state=done]", {timeout: 120_000});
    assert.equal(await page.locator("[data-param='dir.seed'] input").isDisabled(), true, "the locked seed is disabled");
    assert.equal(await page.getByRole("button", {name: "New random direction"}).isDisabled(), true, "and so is its button");
    assert.equal(await page.locator("[data-param='dir.layer']").isHidden(), true, "the hidden layer is hidden");
    const r = (await results(page, "directions")).pop()!;
    assert.equal(r.result.model, "shapetex");
    assert.equal(r.result.unit, 4);
    assert.equal(r.result.seed, 7);
    assert.equal(r.result.images, 96);
    const c = r.result.coherence as {unit: number; random: number; chance: number};
    assert.ok(c.chance > 0.3 && c.chance < 0.4, `chance ${c.chance}`);
    await page.goto(s.url("/optimizing-the-input.html?backend=wasm&adv.model=shapetex&adv.eps=2&classvis.model=shapetex&dream.model=shapetex"));
    await page.waitForSelector("#adversarial[data-state=done]", {timeout: 180_000});
    await waitForCells(page);
  });

  test("the chapter has no serious axe violation and fits 375 px", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    assert.deepEqual(describeViolations(await axeViolations(page)), [], "axe on /optimizing-the-input");
    await page.setViewportSize({width: 375, height: 800});
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow} px at 375 px`);
    await page.setViewportSize({width: 1200, height: 900});
  });

  test("embeds: lock and hide are obeyed, the result is reported; every embed page opens", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/embed/adversarial.html?backend=wasm&adv.model=shapetex&adv.eps=5&lock=adv.eps,adv.model&hide=adv.attack"), {waitUntil: "load"});
    await page.waitForSelector("#adversarial[data-state=done]", {timeout: 120_000});
    const eps = page.locator("[data-param='adv.eps'] input");
    assert.equal(await eps.isDisabled(), true, "the locked ε is disabled");
    assert.equal(await eps.inputValue(), "5");
    assert.equal(await page.locator("[data-param='adv.attack']").isHidden(), true, "the hidden control is hidden");
    const r = (await results(page, "adversarial")).pop()!;
    assert.equal(r.result.model, "shapetex");
    assert.equal(r.result.eps, 5);
    assert.ok(Math.abs((r.result.linf as number) - 5) < 1e-3, `L∞ ${r.result.linf}`);
    for (const e of OPTIMIZE_EMBEDS) {
      await page.goto(s.url(`/embed/${e.widget}.html?backend=wasm&${e.keys[0]}model=shapetex`), {waitUntil: "load"});
      await page.waitForSelector("html[data-widget] .cnn-embed-footer", {timeout: 60_000});
      await waitForCells(page, 60_000);
      assert.deepEqual(await cellErrors(page), [], e.widget);
      assert.deepEqual(describeViolations(await axeViolations(page)), [], `axe on /embed/${e.widget}.html`);
    }
    assert.deepEqual(problems(s), []);
  });
});
