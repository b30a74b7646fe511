// The site's size budget: the whole dist/, with GoogLeNet and ResNet-50 and their render
// atlases, stays under 70 MB (10^6 bytes), so a reader's first visit stays affordable
// (docs/models.md, "Weights for the reader"). Not a speed test: a size, asserted.
import {test} from "node:test";
import assert from "node:assert/strict";
import {ensureBuilt} from "../helpers/browser.ts";
import {dirBytes} from "../../data/bench/site.ts";

const BUDGET_BYTES = 70e6;

test("dist/ stays under the 70 MB budget", () => {
  const dist = ensureBuilt();
  const bytes = dirBytes(dist);
  assert.ok(bytes > 1e6, `dist/ holds only ${bytes} bytes: not a built site`);
  assert.ok(bytes < BUDGET_BYTES, `dist/ is ${(bytes / 1e6).toFixed(2)} MB, over the ${BUDGET_BYTES / 1e6} MB budget`);
});
