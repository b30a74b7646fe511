// The index page's classifier in headless Chromium: it works, survives bad uploads and
// downscales huge ones. (Every page loading cleanly and offline: everywhere.test.ts.)
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {cellErrors, chromiumMissing, openSite, problems, requireChromium, waitForCells, type Session} from "../helpers/browser.ts";
import {gradientPng, pngFile} from "../helpers/images.ts";

describe("site (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return; // each test then skips (locally) with the reason
    s = await openSite();
  });
  after(async () => s?.close());

  describe("index: classify an image", {concurrency: false}, () => {
    const status = () => s!.page.locator(".cnn-classify-status").innerText();
    const uploadStatus = () => s!.page.locator(".cnn-classify .cnn-upload-status").innerText();
    const upload = (name: string, mimeType: string, buffer: Buffer) => s!.page.setInputFiles(".cnn-classify input[type=file]", {name, mimeType, buffer});
    const waitUpload = (re: RegExp) => s!.page.waitForFunction((src) => new RegExp(src).test(document.querySelector(".cnn-classify .cnn-upload-status")?.textContent ?? ""), re.source, {timeout: 60_000});
    /** The index page with its first classification settled (reload if a test left it elsewhere). */
    const ensureIndex = async () => {
      if (!(await s!.page.locator(".cnn-classify").count())) await s!.page.goto(s!.url("/?backend=wasm"));
      await s!.page.waitForSelector(".cnn-classify[data-state=done]", {timeout: 120_000});
    };
    const waitStatus = (re: RegExp) => s!.page.waitForFunction((src) => new RegExp(src).test(document.querySelector(".cnn-classify-status")?.textContent ?? ""), re.source, {timeout: 120_000});

    test("an embedded ShapeTex network names the shape of a cue-agreeing sample", {timeout: 240_000}, async (t) => {
      if (!requireChromium(t) || !s) return;
      await s.page.goto(s.url("/?backend=wasm"));
      await s.page.waitForSelector(".cnn-classify select[name=model]", {timeout: 60_000});
      const ids = await s.page.$$eval(".cnn-classify select[name=model] option", (os) => os.map((o) => (o as HTMLOptionElement).value));
      assert.ok(ids.includes("shapetex"), `the embedded model must always be in the build; models offered: ${ids.join(", ") || "none"}`);
      await s.page.selectOption(".cnn-classify select[name=model]", "shapetex");
      await s.page.selectOption(".cnn-classify select[name=sample]", "shapetex-star-waves");
      // the answer for this network on this sample: state done, and the caption names the sample
      const title = await s.page.locator(".cnn-classify select[name=sample] option:checked").innerText();
      await s.page.waitForFunction((t) => document.querySelector(".cnn-classify")?.getAttribute("data-state") === "done" && (document.querySelector(".cnn-classify figcaption")?.textContent ?? "").startsWith(t), title, {timeout: 120_000});
      await waitStatus(/^ShapeTex CNN: top-1/);
      const top1 = await s.page.locator(".cnn-classify tr.cnn-top1 td").nth(1).innerText();
      const p = Number((await s.page.locator(".cnn-classify tr.cnn-top1 td").nth(2).innerText()).replace("%", ""));
      assert.equal(top1, "star");
      assert.ok(p > 100 / 6 && p <= 100, `top-1 probability ${p}% should beat chance (16.7%)`);
      assert.equal(await s.page.locator(".cnn-classify tbody tr").count(), 5);
    });

    test("bad uploads say what is wrong and leave the page working", {timeout: 240_000}, async (t) => {
      if (!requireChromium(t) || !s) return;
      await ensureIndex();
      const shownBefore = await status();
      await upload("notes.png", "image/png", Buffer.from("these are notes, not pixels\n".repeat(20)));
      await waitUpload(/not an image/);
      assert.match(await uploadStatus(), /“notes\.png” is not an image.*previous image is kept/);
      const good = gradientPng(64, 48);
      await upload("truncated.png", "image/png", good.subarray(0, Math.floor(good.length / 2)));
      await waitUpload(/damaged PNG/);
      assert.equal(await status(), shownBefore, "a bad upload must not change the classification shown");
      assert.deepEqual(await cellErrors(s.page), []);
      await upload("gradient.png", "image/png", good);
      await waitStatus(/top-1/);
      await s.page.waitForFunction(() => /gradient\.png/.test(document.querySelector(".cnn-classify figcaption")?.textContent ?? ""), null, {timeout: 120_000});
      assert.match(await uploadStatus(), /Loaded “gradient\.png” \(64×48\)/);
      assert.equal(await s.page.locator(".cnn-classify tbody tr").count(), 5);
    });

    test("a huge upload is downscaled, transparency and grayscale are reported", {timeout: 240_000}, async (t) => {
      if (!requireChromium(t) || !s) return;
      await ensureIndex();
      await upload("huge.png", "image/png", gradientPng(3000, 2000));
      await waitUpload(/Downscaled/);
      assert.match(await uploadStatus(), /Downscaled from 3000×2000 to 1024×683 pixels/);
      await waitStatus(/top-1/);
      await upload("ghost.png", "image/png", pngFile(40, 40, (x) => [200, 30, 30, x < 20 ? 0 : 255]));
      await waitUpload(/Loaded “ghost/);
      assert.match(await uploadStatus(), /composited over white/);
      await upload("gray.png", "image/png", pngFile(40, 40, (x, y) => [x * 6, x * 6, x * 6, 255]));
      await waitUpload(/Loaded “gray/);
      assert.match(await uploadStatus(), /grayscale/);
      assert.deepEqual(problems(s), [], "console errors, external requests or failed responses");
    });
  });
});
