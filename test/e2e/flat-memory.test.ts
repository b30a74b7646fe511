// Flat memory on every chapter: every slider, select and checkbox of every figure moved 200
// times with seeded random values, then put back; tfjs's tensor count and bytes must return
// to their baseline once the page is idle, and again after each live computation is cancelled
// midway (the figure must stay usable). The helper discovers the controls, so a new chapter
// is one line in CHAPTERS.
import {after, before, describe, test} from "node:test";
import {chromiumMissing, openSite, requireChromium, type Session} from "../helpers/browser.ts";
import {assertFlatMemory, type FlatMemoryOptions} from "../helpers/flat-memory.ts";

/** [page, options, known leak]: a known leak still runs and reports, as a node:test "todo", until fixed. */
const CHAPTERS: Array<[string, FlatMemoryOptions?, string?]> = [
  ["/feature-visualization.html"],
  // holds exactly one network at a time (the picked one; the previous is disposed when its cell is
  // invalidated), so the baseline is that network's weights plus the figures' idle state. The
  // growth once measured here (155 -> 455 tensors, +59 MB: 300 × one 128×128×3 image) was the
  // shuffle figure comparing on a network already disposed while the next one loaded.
  ["/gram-and-style.html"],
  // /shifts is not listed yet: with every network's sweep behind its model checkboxes and the
  // feature-map select (GoogLeNet and ResNet-50 included), 200 rounds did not finish within 15
  // minutes on 2 shared cores; it needs lighter pacing or those controls excluded (issue #17).
  ["/texture-vs-shape.html"],
];

describe("flat memory under 200 random moves of every control (e2e)", {concurrency: false}, () => {
  let s: Session | null = null;
  before(async () => {
    if (chromiumMissing()) return;
    s = await openSite();
  });
  after(async () => s?.close());

  for (const [page, options, knownLeak] of CHAPTERS) {
    test(page, {timeout: 900_000, todo: knownLeak}, async (t) => {
      if (!requireChromium(t) || !s) return;
      const r = await assertFlatMemory(s, page, options);
      t.diagnostic(`${page}: ${r.controls} controls, ${r.moves} moves, ${r.cancelled} live computations cancelled, baseline ${r.baseline.numTensors} tensors / ${r.baseline.numBytes} bytes, checkpoints ${r.checkpoints.map((c) => c.numTensors).join(" ")}, ${r.seconds.toFixed(0)} s`);
    });
  }
});
