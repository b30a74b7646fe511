// The site's size budget: the whole dist/, with GoogLeNet and ResNet-50 and their render
// atlases, stays under 70 MB (10^6 bytes), so a reader's first visit stays affordable
// (docs/models.md, "Weights for the reader"). Not a speed test: a size, asserted.
import {test} from "node:test";
import assert from "node:assert/strict";
import {readdirSync, statSync} from "node:fs";
import path from "node:path";
import {ensureBuilt} from "../helpers/browser.ts";

const BUDGET_BYTES = 70e6;

function bytesUnder(dir: string): number {
  return readdirSync(dir, {withFileTypes: true}).reduce((n, e) => {
    const p = path.join(dir, e.name);
    return n + (e.isDirectory() ? bytesUnder(p) : statSync(p).size);
  }, 0);
}

test("dist/ stays under the 70 MB budget", () => {
  const dist = ensureBuilt();
  const bytes = bytesUnder(dist);
  assert.ok(bytes > 1e6, `dist/ holds only ${bytes} bytes: not a built site`);
  assert.ok(bytes < BUDGET_BYTES, `dist/ is ${(bytes / 1e6).toFixed(2)} MB, over the ${BUDGET_BYTES / 1e6} MB budget`);
});
