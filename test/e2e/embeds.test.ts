// Shareable state and embeds, end to end: a link with parameters restores the home page's
// classifier; changing a control writes the URL; and a host page on ANOTHER origin embeds two
// figures with locked and hidden controls, sizes them, and reads their postMessage traffic
// (ready, state, result, resize) while a reader uses them by keyboard, and sets a control itself.
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import type {Frame} from "playwright-core";
import {chromiumMissing, openSite, problems, requireChromium, type Session} from "../helpers/browser.ts";
import {servePlain, type PlainServer} from "../helpers/plain-server.ts";

interface Message {
  source: string;
  version: number;
  widget: string;
  type: "ready" | "state" | "result" | "resize" | "error";
  params?: Record<string, string>;
  result?: Record<string, unknown>;
  height?: number;
}

describe("shareable links and embeds (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  let host: PlainServer | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
    host = await servePlain({pages: {"/course.html": readFileSync("test/fixtures/embed-host.html", "utf8")}});
  });
  after(async () => {
    await host?.close();
    await s?.close();
  });

  test("a link with parameters restores the classifier's view, and a change is written back", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/?backend=wasm&model=shapetex&sample=shapetex-star-waves"));
    await page.waitForSelector(".cnn-classify[data-state=done]", {timeout: 180_000});
    assert.equal(await page.locator(".cnn-classify select[name=model]").inputValue(), "shapetex");
    assert.equal(await page.locator(".cnn-classify select[name=sample]").inputValue(), "shapetex-star-waves");
    assert.equal(await page.locator(".cnn-classify").getAttribute("data-top1"), "star", "the restored view classifies the linked image with the linked network");
    assert.match(await page.locator(".cnn-classify canvas").getAttribute("aria-label") ?? "", /top-1 “star”, \d+\.\d%/, "the picture's text alternative states the answer");

    const other = await page.$$eval(".cnn-classify select[name=sample] option", (os) => os.map((o) => (o as HTMLOptionElement).value).find((v) => v.startsWith("shapetex-") && v !== "shapetex-star-waves"));
    assert.ok(other, "a second ShapeTex sample");
    await page.selectOption(".cnn-classify select[name=sample]", other);
    await page.waitForFunction((v) => new URLSearchParams(location.search).get("sample") === v, other, {timeout: 10_000});
    assert.equal(new URL(page.url()).searchParams.get("model"), "shapetex", "untouched parameters stay");
    assert.equal(new URL(page.url()).searchParams.get("backend"), "wasm");
  });

  test("the embed-code control gives an iframe for the current state, with lock and hide", {timeout: 120_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    const box = page.locator(".cnn-embed-code[data-widget=classify]");
    await box.locator("summary").click();
    await box.getByLabel("Lock the current settings").check();
    const code = await box.locator("textarea").inputValue();
    const src = new URL(/src="([^"]+)"/.exec(code)![1].replace(/&amp;/g, "&"));
    assert.equal(src.pathname, "/embed/classify.html");
    assert.equal(src.searchParams.get("model"), "shapetex");
    assert.ok(src.searchParams.get("sample")?.startsWith("shapetex-"));
    assert.equal(src.searchParams.get("lock"), "model,sample");
    assert.match(code, /^<iframe [^>]*title="What a CNN Learns: Classify an image"/);
  });

  test("the “Embed in your course” page lists every embed and logs its live example's messages", {timeout: 240_000}, async (t) => {
    if (!requireChromium(t) || !s) return;
    const page = s.page;
    await page.goto(s.url("/embedding.html?backend=wasm"));
    await page.waitForSelector(".cnn-embed-catalogue tbody tr", {timeout: 60_000});
    const {EMBEDS} = await import("../../components/site/embed-registry.ts");
    const listed = await page.$$eval(".cnn-embed-catalogue tbody tr td:first-child a", (as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(listed, EMBEDS.map((e) => `./embed/${e.widget}.html`));
    await page.waitForFunction(() => [...document.querySelectorAll(".cnn-embed-log li")].some((li) => /^result: .*"top1":"star"/.test(li.textContent ?? "")), null, {timeout: 180_000});
    const log = await page.locator(".cnn-embed-log").innerText();
    assert.match(log, /^ready: \{"model":"shapetex","sample":"shapetex-star-waves"\}/m);
    assert.match(log, /^resize: \d+/m);
  });

  test("a host page on another origin embeds two figures, locks and hides controls, and reads their messages", {timeout: 300_000}, async (t) => {
    if (!requireChromium(t) || !s || !host) return;
    const page = s.page;
    const seen = problems(s).length;
    await page.goto(`${host.origin}/course.html?site=${encodeURIComponent(s.url(""))}`);
    const messages = () => page.evaluate(() => (window as unknown as {messages: Message[]}).messages);
    const waitFor = (pred: string) => page.waitForFunction(`window.messages.some((m) => ${pred})`, null, {timeout: 180_000});

    await waitFor(`m.widget === "classify" && m.type === "result"`);
    // browsers pause cross-origin iframes that are off screen (Framework's runtime schedules
    // its cells on animation frames), so the second figure starts when the reader scrolls to it
    await page.locator("#sampling").scrollIntoViewIfNeeded();
    await waitFor(`m.widget === "shift-sampling" && m.type === "result"`);
    const all = await messages();
    for (const m of all) {
      assert.equal(m.source, "what-a-cnn-learns");
      assert.equal(m.version, 1);
    }
    const ready = all.find((m) => m.widget === "classify" && m.type === "ready")!;
    assert.deepEqual({model: ready.params?.model, sample: ready.params?.sample}, {model: "shapetex", sample: "shapetex-star-waves"});
    assert.ok(!("lock" in (ready.params ?? {})), "lock/hide are not part of the state");
    const result = all.find((m) => m.widget === "classify" && m.type === "result")!.result!;
    assert.equal(result.top1, "star");
    assert.ok(typeof result.probability === "number" && result.probability > 1 / 6, `top-1 probability ${result.probability} beats chance`);
    assert.match(await page.locator("#classify-answer").innerText(), /^star \(\d+\.\d%\)$/, "the host page reacted to the result");
    const resize = (await messages()).filter((m) => m.widget === "classify" && m.type === "resize").at(-1)!;
    assert.ok(resize.height! > 100, `resize height ${resize.height}`);
    assert.equal(await page.locator("#classify").getAttribute("height"), String(resize.height!), "the host sized the iframe to its content");

    const classify = page.frameLocator("#classify");
    assert.ok(await classify.locator("select[name=model]").isDisabled(), "lock=model disables the network picker");
    assert.equal(await classify.locator("select[name=model]").inputValue(), "shapetex");
    assert.equal(await classify.locator("[data-param=sample]").isHidden(), true, "hide=sample hides the sample picker");
    assert.equal(await classify.locator("#observablehq-sidebar").count(), 0, "an embed shows no site navigation");

    // keyboard: move the 1-D demo's shift by one sample inside its iframe
    const sampling = page.frames().find((f: Frame) => f.url().includes("/embed/shift-sampling.html"))!;
    assert.ok(await sampling.locator("[data-param='sampling.signal'] select").isDisabled(), "lock=sampling.signal");
    const before = (await messages()).length;
    await sampling.locator("[data-param='sampling.shift'] input").focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((n) => (window as unknown as {messages: Message[]}).messages.slice(n).some((m) => m.widget === "shift-sampling" && m.type === "result" && m.result?.shift === 2), before, {timeout: 30_000});
    const after = (await messages()).slice(before);
    const state = after.find((m) => m.widget === "shift-sampling" && m.type === "state")!;
    assert.equal(state.params?.["sampling.shift"], "2");
    assert.equal(state.params?.["sampling.signal"], "edges");
    assert.match(await page.locator("#sampling-answer").innerText(), /at shift 2$/);

    // the host sets the shift (applied) and the locked signal (refused, with an error message)
    const beforeSet = (await messages()).length;
    await page.locator("#shift-five").click();
    await page.waitForFunction((n) => (window as unknown as {messages: Message[]}).messages.slice(n).some((m) => m.widget === "shift-sampling" && m.type === "result" && m.result?.shift === 5), beforeSet, {timeout: 30_000});
    const afterSet = (await messages()).slice(beforeSet) as Array<Message & {keys?: string[]}>;
    assert.equal(afterSet.find((m) => m.type === "state")?.params?.["sampling.shift"], "5");
    assert.deepEqual(afterSet.find((m) => m.type === "error")?.keys, ["sampling.signal"], "a locked control refuses a host's set");
    assert.equal(await sampling.locator("[data-param='sampling.shift'] input").inputValue(), "5");
    assert.equal(await sampling.locator("[data-param='sampling.signal'] select").inputValue(), "edges");
    assert.deepEqual(problems(s).slice(seen), [], "console errors, requests off 127.0.0.1, or failed responses");
  });
});
