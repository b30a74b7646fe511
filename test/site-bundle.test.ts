// The page bundle: one deterministic browser module whose only import is Framework's stdlib
// (for self-hosted file URLs), with no Node built-ins left, plus the self-hosted assets and
// the Web Worker for training and live renders (a second module that imports nothing).
import {test} from "node:test";
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {mkdtempSync, readFileSync, readdirSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {bundle, WASM_FILES} from "../data/site/bundle.ts";
import {katexCssInlined} from "../data/site/katex-css.ts";

const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");

test("bundle is deterministic, browser-only and self-contained", {timeout: 120_000}, async () => {
  const a = mkdtempSync(path.join(os.tmpdir(), "cnn-bundle-a-")), b = mkdtempSync(path.join(os.tmpdir(), "cnn-bundle-b-"));
  try {
    const first = await bundle(a), second = await bundle(b);
    assert.equal(sha(first.file), sha(second.file), "two bundles of the same sources must be byte-identical");
    assert.deepEqual(readdirSync(a).sort(), ["cnn.js", "katex.css", "experiment-worker.js", ...WASM_FILES].sort());
    assert.equal(sha(path.join(a, "experiment-worker.js")), sha(path.join(b, "experiment-worker.js")), "the worker bundle is byte-identical too");
    const js = readFileSync(first.file, "utf8");
    const imports = [...js.matchAll(/(?:^|[;}\s])import\s*(?:[\w{},\s*]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(imports)], ["observablehq:stdlib"], "the only import left is Framework's stdlib");
    const builtinImports = Object.values(first.metafile.inputs).flatMap((i) => i.imports).filter((i) => /^(node:)?(fs|path|os|worker_threads|crypto|perf_hooks|util)$/.test(i.original ?? ""));
    assert.ok(builtinImports.length > 0, "tfjs's wasm backend does import Node built-ins");
    assert.ok(builtinImports.every((i) => i.path.startsWith("empty:")), `Node built-ins become the empty module: ${JSON.stringify(builtinImports)}`);
    for (const f of WASM_FILES) assert.ok(js.includes(`"./${f}"`), `${f} is referenced by a literal FileAttachment`);
    assert.ok(first.bytes > 500_000 && first.bytes < 4_000_000, `bundle size ${first.bytes} B is in the expected range`);
    assert.ok(js.includes('"./experiment-worker.js"'), "the worker is referenced by a literal FileAttachment");
    // the worker: self-contained (a module worker cannot resolve Framework's stdlib), no Node built-ins, and it serves the replica protocol
    const worker = readFileSync(path.join(a, "experiment-worker.js"), "utf8");
    assert.deepEqual([...worker.matchAll(/(?:^|[;}\s])import\s*(?:[\w{},\s*]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]), [], "the worker imports nothing");
    const workerBuiltins = Object.values(first.worker.metafile.inputs).flatMap((i) => i.imports).filter((i) => /^(node:)?(fs|path|os|worker_threads|crypto|perf_hooks|util)$/.test(i.original ?? ""));
    assert.ok(workerBuiltins.length > 0 && workerBuiltins.every((i) => i.path.startsWith("empty:")), `the worker's Node built-ins become the empty module: ${JSON.stringify(workerBuiltins)}`);
    assert.ok(worker.includes('"init"') && worker.includes('"weights"'), "the worker answers the replica protocol's messages");
    assert.ok(worker.includes('"render"') && worker.includes('"cancel"') && worker.includes('"progress"'), "the worker answers the live render protocol's messages");
    assert.ok(worker.length > 300_000 && worker.length < 3_000_000, `worker size ${worker.length} B`);
  } finally {
    rmSync(a, {recursive: true, force: true});
    rmSync(b, {recursive: true, force: true});
  }
});

test("KaTeX CSS carries its woff2 fonts inline and points at no other file", () => {
  const css = katexCssInlined(path.resolve("node_modules/katex/dist"));
  const fontFaces = css.match(/@font-face\{/g)?.length ?? 0;
  assert.ok(fontFaces >= 20, `${fontFaces} font faces`);
  assert.equal(css.match(/data:font\/woff2;base64,/g)?.length, fontFaces);
  assert.ok(!/url\((?!data:)/.test(css), "no url() that is not a data: URL");
});
