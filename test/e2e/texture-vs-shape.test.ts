// The texture-vs-shape chapter in headless Chromium (wasm backend): the cat with elephant skin
// (precomputed, then classified live on demand), the cue-conflict gallery, the bias charts, the four transforms on an
// upload, and a network trained in the page (and a cancelled one).
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {pngFile} from "../helpers/images.ts";
import {requireMirror} from "../helpers/mirror.ts";


describe("texture vs shape (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    await s.page.goto(s.url("/texture-vs-shape?backend=wasm"), {waitUntil: "load"});
    await s.page.waitForSelector("#observablehq-main", {timeout: 30_000});
  });
  after(async () => s?.close());

  const needMirror = (t: {skip(m: string): void}) => requireMirror(t, "rgeirhos");

  test("the page settles with no error and no request off 127.0.0.1", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    await waitForCells(s.page, 180_000);
    assert.deepEqual(await cellErrors(s.page), []);
    assert.deepEqual(problems(s), []);
  });

  test("the cat with elephant skin: precomputed answers first, every network says elephant; a live re-run agrees", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s || !needMirror(t)) return;
    await s.page.waitForSelector("#texture-cat[data-state=precomputed]", {timeout: 120_000});
    const answers = await s.page.$$eval("#texture-cat figure", (figs) => figs.map((f) => ({
      image: (f as HTMLElement).dataset.image,
      models: [...f.querySelectorAll(".cnn-texture-answer")].map((a) => ({model: (a as HTMLElement).dataset.model, decision: (a as HTMLElement).dataset.decision, source: (a as HTMLElement).dataset.source, top: a.querySelectorAll("li").length})),
    })));
    assert.deepEqual(answers.map((a) => a.image), ["cat7_original", "elephant1", "cat7-elephant1_nomask"]);
    const conflict = answers[2].models;
    assert.ok(conflict.some((m) => m.model === "mobilenet-v1-0.25"), "MobileNet's answer is shown");
    for (const m of conflict) {
      assert.equal(m.top, 5, "top-5 shown");
      assert.equal(m.source, "precomputed", "nothing is classified before the reader asks");
      assert.equal(m.decision, "elephant", `${m.model} on the cue conflict`);
    }
    for (const m of answers[0].models) assert.equal(m.decision, "cat", `${m.model} on the original cat`);
    const kind = await s.page.$eval("#texture-cat figure[data-image='cat7-elephant1_nomask'] .cnn-texture-decision", (p) => (p as HTMLElement).dataset.kind);
    assert.equal(kind, "texture");
    // live, on demand, with the cheapest network
    await s.page.selectOption("#texture-cat select", "mobilenet-v1-0.25");
    await s.page.click("#texture-cat button[name=classify-live]");
    await s.page.waitForSelector("#texture-cat[data-state=done]", {timeout: 120_000});
    const live = await s.page.$$eval("#texture-cat .cnn-texture-answer", (as) => as.map((a) => ({image: a.closest("figure")?.dataset.image, source: (a as HTMLElement).dataset.source, decision: (a as HTMLElement).dataset.decision})));
    assert.deepEqual(live.map((a) => a.source), ["live", "live", "live"]);
    assert.deepEqual(live.map((a) => a.decision), ["cat", "elephant", "elephant"], "live in the browser, as precomputed in Node");
  });

  test("gallery: 80 stimuli with each measured network's decision marked, filter by category", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s || !needMirror(t)) return;
    assert.equal(await s.page.locator("#texture-gallery figure").count(), 80);
    assert.match(await s.page.locator("#texture-stimuli-note").innerText(), /80 of the paper's 1280/);
    const marks = await s.page.$$eval("#texture-gallery li", (ls) => ls.map((l) => (l as HTMLElement).dataset.kind));
    assert.ok(marks.length >= 160, `${marks.length} marks`);
    assert.ok(marks.filter((k) => k === "texture").length > marks.filter((k) => k === "shape").length, "networks choose texture more often than shape");
    await s.page.selectOption("select:near(:text('Shape category'))", "cat");
    await s.page.waitForFunction(() => document.querySelectorAll("#texture-gallery figure").length === 5, null, {timeout: 30_000});
    const shapes = await s.page.$$eval("#texture-gallery figure", (fs) => fs.map((f) => (f as HTMLElement).dataset.stimulus));
    assert.ok(shapes.every((id) => id?.startsWith("cat/")));
  });

  test("bias chart: humans quoted at 95.9%, our networks measured below 50%", {timeout: 60_000}, async (t) => {
    if (!requireChromium(t) || !s || !needMirror(t)) return;
    const label = (await s.page.getAttribute("#texture-bias-chart svg[role=img]", "aria-label")) ?? "";
    assert.match(label, /Humans \(Geirhos et al\.\) 95\.9% \(quoted\)/);
    assert.match(label, /VGG-16 \(Geirhos et al\.\) 17\.2% \(quoted\)/);
    assert.match(label, /MobileNet v1 0\.25 \(measured here\) 16\.2% \(measured\)/);
    assert.ok(await s.page.locator("#texture-category-chart").count());
  });

  test("four transforms on an upload, each classified; a bad upload keeps the previous image", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    await s.page.waitForSelector("#texture-transforms[data-state=done]", {timeout: 200_000});
    const square = pngFile(96, 96, (x, y) => (x >= 24 && x < 72 && y >= 24 && y < 72 ? [200, 40, 40, 255] : [240, 240, 240, 255]));
    await s.page.setInputFiles("#texture-transforms input[type=file]", {name: "square.png", mimeType: "image/png", buffer: square});
    await s.page.waitForFunction(() => /square\.png/.test(document.querySelector("#texture-transforms .cnn-texture-status")?.textContent ?? "") && document.querySelector("#texture-transforms")?.getAttribute("data-state") === "done", null, {timeout: 120_000});
    const figs = await s.page.$$eval("#texture-transforms figure", (fs) => fs.map((f) => ({t: (f as HTMLElement).dataset.transform, top1: (f.querySelector(".cnn-texture-answer") as HTMLElement)?.dataset.top1})));
    assert.deepEqual(figs.map((f) => f.t), ["original", "grayscale", "silhouette", "edges", "texture"]);
    assert.ok(figs.every((f) => f.top1), "every version classified");
    // the edge image of a square: mostly white, a thin dark outline
    const dark = await s.page.$eval("#texture-transforms figure[data-transform=edges] canvas", (c) => {
      const cv = c as HTMLCanvasElement, d = cv.getContext("2d")!.getImageData(0, 0, cv.width, cv.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 128) n++;
      return n / (cv.width * cv.height);
    });
    const perimeter = (4 * 48) / (96 * 96); // a one-pixel outline of the 48 px square
    assert.ok(dark > 0.7 * perimeter && dark < 1.5 * perimeter, `dark fraction ${dark}, a thin outline is ${perimeter.toFixed(4)}`);
    const silhouetteCentre = await s.page.$eval("#texture-transforms figure[data-transform=silhouette] canvas", (c) => (c as HTMLCanvasElement).getContext("2d")!.getImageData(48, 48, 1, 1).data[0]);
    assert.equal(silhouetteCentre, 0, "the square's silhouette is black");
    await s.page.setInputFiles("#texture-transforms input[type=file]", {name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not pixels\n".repeat(30))});
    await s.page.waitForFunction(() => /not an image/.test(document.querySelector("#texture-transforms .cnn-upload-status")?.textContent ?? ""), null, {timeout: 30_000});
    assert.match(await s.page.locator("#texture-transforms .cnn-texture-status").innerText(), /square\.png/);
    assert.deepEqual(await cellErrors(s.page), []);
  });

  test("train a network in the page; reference runs shown first; Cancel adds nothing", {timeout: 420_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const refs = await s.page.locator("#texture-train tr[data-run=reference]").count();
    assert.equal(refs, 6, "the precomputed reference runs");
    const setSetting = (name: string, v: number) => s!.page.$eval(`#texture-train [data-setting=${name}]`, (el, v) => { (el as unknown as {value: number}).value = v; }, v);
    await setSetting("steps", 20);
    await setSetting("randomization", 1);
    await s.page.click("#texture-train button[name=train]");
    await s.page.waitForSelector("#texture-train[data-state=training] progress", {timeout: 30_000});
    await s.page.waitForFunction(() => document.querySelector("#texture-train")?.getAttribute("data-state") === "done", null, {timeout: 360_000});
    const rows = await s.page.$$eval("#texture-train tr[data-run=yours]", (rs) => rs.map((r) => ({bias: Number((r as HTMLElement).dataset.shapeBias), text: r.textContent})));
    assert.equal(rows.length, 1);
    assert.ok(rows[0].bias >= 0 && rows[0].bias <= 1, `shape bias ${rows[0].bias}`);
    assert.match(rows[0].text ?? "", /100\.0%/, "the randomization setting is recorded");
    assert.match(await s.page.locator("#texture-train .cnn-texture-status").innerText(), /shape bias .*120 ShapeTex cue-conflict images/);
    // a long run, cancelled after it starts
    await setSetting("steps", 1500);
    await s.page.click("#texture-train button[name=train]");
    await s.page.waitForFunction(() => /Training: [1-9]/.test(document.querySelector("#texture-train .cnn-progress")?.textContent ?? ""), null, {timeout: 60_000});
    await s.page.click("#texture-train .cnn-progress button");
    await s.page.waitForFunction(() => document.querySelector("#texture-train")?.getAttribute("data-state") === "cancelled", null, {timeout: 60_000});
    assert.equal(await s.page.locator("#texture-train tr[data-run=yours]").count(), 1);
    assert.deepEqual(problems(s), []);
  });
});
