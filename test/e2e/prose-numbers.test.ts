// The chapter pages' computed sentences, as a reader sees them in the browser: every inline
// number about our data is filled in from the page's data files (no "undefined", no "NaN"),
// and the charts that mix measures say so in a visible caption.
import {test, describe, before} from "node:test";
import assert from "node:assert/strict";
import {requireMirror} from "../helpers/mirror.ts";
import {cellErrors, openSite, problems, requireChromium, waitForCells, chromiumMissing, type Session} from "../helpers/browser.ts";

const PAGES = ["/feature-visualization", "/gram-and-style", "/shifts", "/texture-vs-shape"];
/** Text that appears only once a page's computed sentences are filled in. */
const FILLED: Record<string, string> = {
  "/feature-visualization": "of the values exactly zero",
  "/gram-and-style": "steps per second in the comparison",
  "/shifts": "full periods of the networks",
  "/texture-vs-shape": "training steps; shape bias on",
};
const needMirror = (t: {skip(m: string): void}) => requireMirror(t);

describe("computed prose", () => {
  const text: Record<string, string> = {};
  const seen: string[] = [];
  let ready = false;
  before(async () => {
    if (chromiumMissing()) return;
    for (const p of PAGES) {
      // one browser per page: leaving a page aborts its fetches, which would read as errors
      const s: Session = await openSite();
      try {
        await s.page.goto(s.url(`${p}?backend=wasm`));
        await s.page.waitForFunction((needle) => document.querySelector("main")?.textContent?.includes(needle), FILLED[p], {timeout: 180_000});
        await waitForCells(s.page, 180_000);
        seen.push(...(await cellErrors(s.page)).map((e) => `${p}: cell error ${e}`), ...problems(s).map((e) => `${p}: ${e}`));
        text[p] = await s.page.locator("main").innerText();
      } finally {
        await s.close();
      }
    }
    ready = true;
  });

  test("no page shows an unfilled number or an error", (t) => {
    if (!requireChromium(t) || !ready) return;
    for (const p of PAGES) assert.doesNotMatch(text[p], /\bundefined\b|\bNaN\b|⟨computed⟩|\[object /, p);
    assert.deepEqual(seen, []);
  });

  test("feature visualization: zero fractions per network, from the histograms", (t) => {
    if (!requireChromium(t) || !ready) return;
    assert.match(text["/feature-visualization"], /ShapeTex CNN \(\d+ images, 6 layers\): from \d+% \(conv\d_\d\) to \d+% \(conv\d_\d\) of the values exactly zero, rising from one layer to the next \d times in 5/);
  });

  test("shifts: image counts from the sweeps", (t) => {
    if (!requireChromium(t) || !ready) return;
    assert.match(text["/shifts"], /ShapeTex rows: 48 test images \(seed 7001\), shifted 0 to 16 px diagonally, 2 full periods/);
  });

  test("texture vs shape: the bias chart's caption says what it mixes; intervals and protocol in the prose", async (t) => {
    if (!requireChromium(t) || !ready || !needMirror(t)) return;
    const page = text["/texture-vs-shape"];
    assert.match(page, /Quoted \(grey, orange\): the paper's humans and CNNs on its 1280 cue-conflict images, 16 categories\. Measured here \(blue\): ImageNet networks, same 16-category measure, but on the mirror's 80 images only: \d+–\d+ shape-or-texture decisions each\. ShapeTex runs \(green\): a different test, 120 synthetic 6-class ShapeTex cue conflicts/);
    assert.match(page, /MobileNet v1 0\.25 16% \(95% CI 8–31%, n = 37 shape-or-texture decisions\)/);
    assert.match(page, /6 runs, each with one seed \(1\) and 400 training steps/);
    assert.match(page, /answers "other" on 45 of its 120 cue-conflict images/);
    assert.match(page, /lag far behind people/);
  });

  test("gram: the cost per step is computed from the comparison", async (t) => {
    if (!requireChromium(t) || !ready || !needMirror(t)) return;
    assert.match(text["/gram-and-style"], /each step costs \d\.\d–\d\.\d× as much as MobileNet v1 0\.25 \([\d.]+ vs [\d.]+ and [\d.]+ steps per second/);
    // the bullets name ResNet-50's brick as the one the other networks rank best: the computed sentence must agree
    assert.match(text["/gram-and-style"], /The texture ranked best on average is ResNet-50's \(mean rank [\d.]+ from 5 judges, each ranking 5 textures; next: MobileNet v2 1\.0, [\d.]+\)/);
  });
});
