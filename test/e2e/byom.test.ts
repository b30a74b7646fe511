// Bring your own model in headless Chromium: the model cards page lists every network; a tfjs
// layers CNN picked as files (model.json + weights.bin) is validated, then shows up in the
// feature-visualization chapter's picker (another page: kept in IndexedDB) and runs a live
// render there; a broken file is reported and changes nothing else.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {writeLayersCnn} from "../helpers/byom-fixtures.ts";

describe("bring your own model (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  let modelJson = "";
  before(async () => {
    if (chromiumMissing()) return;
    modelJson = await writeLayersCnn(fs.mkdtempSync(path.join(os.tmpdir(), "byom-e2e-")));
    s = await openSite();
    await s.page.goto(s.url("/models?backend=wasm"));
    await s.page.waitForSelector("#byom", {timeout: 180_000});
    // the cards cell waits for the tfjs backend; on a busy machine it can start after the
    // other cells have settled, so wait for the cards themselves
    await s.page.waitForSelector(".cnn-card", {timeout: 180_000});
    await waitForCells(s.page);
  });
  after(async () => s?.close());

  test("model cards: one per zoo network, MobileNet v2 included", {timeout: 60_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const cards = await s.page.locator(".cnn-card").count();
    assert.ok(cards >= 7, `7 zoo networks, got ${cards} cards`);
    const v2 = await s.page.locator("#card-mobilenet-v2-1\\.0").innerText();
    assert.match(v2, /MobileNet v2 1\.0/);
    if (process.env.CI === "true" || /Weights/.test(v2)) {
      assert.match(v2, /3,489,097 parameters/);
      assert.match(v2, /1001 outputs: 0 = background/);
      assert.match(v2, /p \/ 128 − 1/);
    }
  });

  test("a bad file is reported and the page keeps working", {timeout: 60_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.locator("#byom input[type=file]").first().setInputFiles({name: "broken.tflite", mimeType: "application/octet-stream", buffer: Buffer.from("this is not a flatbuffer")});
    await page.locator("#byom button[type=submit]").click();
    await page.waitForFunction(() => /Not loaded: format ✗/.test(document.querySelector("#byom [role=status]")?.textContent ?? ""));
    assert.deepEqual(await cellErrors(page), []);
  });

  test("a layers model picked as files is validated and listed", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.locator("#byom input[type=file]").first().setInputFiles([modelJson, path.join(path.dirname(modelJson), "weights.bin")]);
    await page.getByLabel("Model name").fill("Tiny test CNN");
    await page.getByLabel("Input range that pixel values map onto").selectOption({label: "[0, 1]"});
    await page.locator("#byom button[type=submit]").click();
    await page.waitForFunction(() => /Loaded “Tiny test CNN”/.test(document.querySelector("#byom [role=status]")?.textContent ?? ""), null, {timeout: 60_000});
    const status = await page.locator("#byom [role=status]").innerText();
    assert.match(status, /image input ✓ \(32x32 RGB\)/);
    assert.match(status, /conv layers ✓/);
    assert.match(status, /forward pass ✓ \(5 classes/);
    assert.match(await page.locator("#byom .cnn-byom-list").innerText(), /Tiny test CNN \(layers-model, 32×32, 5 classes, 1 conv layers\)/);
  });

  test("the model appears in the feature-visualization chapter and renders live", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/feature-visualization?backend=wasm"));
    const picker = page.getByLabel("Network", {exact: true});
    await picker.waitFor({timeout: 180_000});
    await page.waitForFunction(() => [...document.querySelectorAll("option")].some((o) => o.textContent === "Tiny test CNN (yours)"), null, {timeout: 60_000});
    await picker.selectOption({label: "Tiny test CNN (yours)"});
    await page.waitForSelector("#featvis-no-renders", {timeout: 60_000});
    await waitForCells(page);
    // its own layers: conv1 (30x30x4) and pool1 (15x15x4), so 4 channel bars
    await page.waitForFunction(() => document.querySelectorAll("#featvis-bars rect[role=button]").length === 4, null, {timeout: 60_000});
    const live = page.locator("#featvis-live");
    await live.getByLabel("Steps").focus();
    await page.keyboard.press("Home");
    await live.getByRole("button", {name: /Render .* live/}).click();
    await page.waitForSelector("#featvis-live[data-state=done]", {timeout: 200_000});
    const drawn = await live.locator("canvas").evaluate((c) => (c as HTMLCanvasElement).width);
    assert.ok(drawn > 0, "the live render drew an image");
    assert.deepEqual(await cellErrors(page), []);
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });

  test("the model joins the Gram and shift chapters' pickers too", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/gram-and-style?backend=wasm"));
    const picker = page.getByLabel("Network", {exact: true});
    await picker.waitFor({timeout: 180_000});
    await page.waitForFunction(() => [...document.querySelectorAll("option")].some((o) => o.textContent === "Tiny test CNN (yours)"), null, {timeout: 60_000});
    await picker.selectOption({label: "Tiny test CNN (yours)"});
    await waitForCells(page);
    assert.deepEqual(await cellErrors(page), [], "the Gram chapter runs on the reader's model");
    await page.goto(s.url("/shifts?backend=wasm"));
    await page.waitForFunction(() => /Tiny test CNN \(yours\)/.test(document.querySelector("#shift-lab")?.textContent ?? ""), null, {timeout: 180_000});
    await waitForCells(page);
    assert.deepEqual(await cellErrors(page), []);
    assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
  });
});
