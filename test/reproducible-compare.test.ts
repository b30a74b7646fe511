// The comparison behind test/reproducible-build.ts: every file, byte by byte, with where they differ.
import {test} from "node:test";
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {compareTrees} from "./reproducible-build.ts";
import {buildDate} from "../data/site/build.ts";

test("two trees: identical files pass, a changed byte, a renamed and an extra file are named", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "cnn-compare-"));
  try {
    const a = path.join(tmp, "a"), b = path.join(tmp, "b");
    for (const d of [a, b]) {
      mkdirSync(path.join(d, "_file"), {recursive: true});
      writeFileSync(path.join(d, "same.html"), "<p>same</p>");
    }
    assert.deepEqual(compareTrees(a, b), []);
    writeFileSync(path.join(a, "index.html"), 'registerFile("x", {"lastModified":1796014508607})');
    writeFileSync(path.join(b, "index.html"), 'registerFile("x", {"lastModified":1796014591163})');
    writeFileSync(path.join(a, "_file/m.6d0540b7.json"), "{}");
    writeFileSync(path.join(b, "_file/m.b8166791.json"), "{}");
    assert.deepEqual(compareTrees(a, b).map((d) => d.replace(/;.*/, "")), [
      "only in the first build: _file/m.6d0540b7.json",
      "only in the second build: _file/m.b8166791.json",
      "differs: index.html (49 vs 49 bytes",
    ]);
    assert.match(compareTrees(a, b)[2], /first at byte 42: .*1796014508607/);
  } finally {
    rmSync(tmp, {recursive: true, force: true});
  }
});

test("the build's file date: SOURCE_DATE_EPOCH seconds, else 0; nonsense is refused", () => {
  assert.equal(buildDate({}).getTime(), 0);
  assert.equal(buildDate({SOURCE_DATE_EPOCH: "1700000000"}).toISOString(), "2023-11-14T22:13:20.000Z");
  assert.throws(() => buildDate({SOURCE_DATE_EPOCH: "yesterday"}), /whole seconds/);
});
