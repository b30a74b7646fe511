// The static server behind `npm start` and the e2e tests.
import {test} from "node:test";
import assert from "node:assert/strict";
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import type {AddressInfo} from "node:net";
import {serve} from "../data/site/serve.ts";

test("serves dist with the right MIME types, clean URLs, and nothing outside the root", async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "cnn-serve-"));
  mkdirSync(path.join(root, "_file"));
  writeFileSync(path.join(root, "index.html"), "<h1>home</h1>");
  writeFileSync(path.join(root, "feature-visualization.html"), "<h1>fv</h1>");
  writeFileSync(path.join(root, "_file", "m.wasm"), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(path.join(root, "_file", "x.bin"), "b");
  writeFileSync(path.join(root, "_file", "k.woff2"), "w");
  writeFileSync(path.join(os.tmpdir(), "cnn-serve-secret.txt"), "secret");
  const server = await serve(root, 0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const get = async (p: string) => {
      const r = await fetch(base + p);
      return {status: r.status, type: r.headers.get("content-type"), body: await r.text()};
    };
    assert.deepEqual(await get("/"), {status: 200, type: "text/html; charset=utf-8", body: "<h1>home</h1>"});
    assert.equal((await get("/feature-visualization")).body, "<h1>fv</h1>");
    assert.equal((await get("/_file/m.wasm")).type, "application/wasm");
    assert.equal((await get("/_file/x.bin")).type, "application/octet-stream");
    assert.equal((await get("/_file/k.woff2")).type, "font/woff2");
    assert.equal((await get("/nope")).status, 404);
    assert.equal((await get("/../cnn-serve-secret.txt")).status, 404);
    assert.equal((await get("/%2e%2e/cnn-serve-secret.txt")).status, 404);
  } finally {
    server.close();
    rmSync(root, {recursive: true, force: true});
    rmSync(path.join(os.tmpdir(), "cnn-serve-secret.txt"), {force: true});
  }
});
