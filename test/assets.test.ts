// The asset resolver: mirror -> cache -> network, sha256 checked, one-line errors.
import {test, describe, before, after, afterEach} from "node:test";
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {assetAvailable, resolveAsset} from "../data/assets/resolve.ts";
import {findAsset, manifest, mirrorRelativePath} from "../data/assets/manifest.ts";

const MIRROR = process.env.ASSET_MIRROR ?? path.resolve("../shared/assets");
const HAVE_MIRROR = fs.existsSync(path.join(MIRROR, "SHA256SUMS"));
if (!HAVE_MIRROR && process.env.CI === "true") throw new Error(`asset mirror missing at ${MIRROR} (set ASSET_MIRROR); CI needs it`);
const skip = HAVE_MIRROR ? false : `asset mirror not found at ${MIRROR} (set ASSET_MIRROR to run these tests)`;

const CHELSEA = "skimage/chelsea.png";
/** Rejects, and the message (not "Error: ...") matches. */
const rejectsWith = (p: Promise<unknown>, re: RegExp) => assert.rejects(p, (e: Error) => (assert.match(e.message, re), true));
const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");

const saved = {mirror: process.env.ASSET_MIRROR, cache: process.env.ASSET_CACHE, fetch: globalThis.fetch};
let tmp: string;

/** No network: what fetch does here when DNS has nothing (measured: rejects in ~0.1 s). */
const offline = () => {
  globalThis.fetch = async () => { throw new TypeError("fetch failed", {cause: Object.assign(new Error("getaddrinfo ENOTFOUND raw.githubusercontent.com"), {code: "ENOTFOUND"})}); };
};

describe("asset resolver", {skip}, () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zoo-assets-"));
  });
  afterEach(() => {
    process.env.ASSET_MIRROR = MIRROR;
    process.env.ASSET_CACHE = path.join(tmp, "empty-cache");
    globalThis.fetch = saved.fetch;
  });
  after(() => {
    for (const [k, v] of [["ASSET_MIRROR", saved.mirror], ["ASSET_CACHE", saved.cache]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    globalThis.fetch = saved.fetch;
    fs.rmSync(tmp, {recursive: true, force: true});
  });

  test("the manifest agrees with the mirror's SHA256SUMS, file by file", () => {
    const sums = new Map(fs.readFileSync(path.join(MIRROR, "SHA256SUMS"), "utf8").trim().split("\n").map((l) => {
      const [sum, rel] = l.split(/\s+\*?/);
      return [rel.replace(/^\.\//, ""), sum] as const;
    }));
    let files = 0;
    for (const group of manifest().groups) {
      assert.ok(group.license && group.attribution, `${group.id} needs license and attribution`);
      for (const f of group.files) {
        const rel = mirrorRelativePath(f.url);
        assert.equal(sums.get(rel), f.sha256, rel);
        assert.equal(fs.statSync(path.join(MIRROR, rel)).size, f.bytes, rel);
        files++;
      }
    }
    // the model packs are single groups: json + 55 (MobileNet) / 31 (Tiny Darknet) shards
    const count = (id: string, re: RegExp) => manifest().groups.find((g) => g.id === id)!.files.filter((f) => re.test(f.name)).length;
    assert.equal(count("mobilenet-v1-0.25", /shard/), 55);
    assert.equal(count("tiny-darknet", /shard/), 31);
    assert.ok(files >= 500, `only ${files} files in the manifest`);
  });

  test("resolves an id and its canonical URL to the same verified file in the mirror", async () => {
    process.env.ASSET_MIRROR = MIRROR;
    const byId = await resolveAsset(CHELSEA);
    const ref = findAsset(CHELSEA)!;
    assert.equal(byId, path.join(MIRROR, "scikit-image/scikit-image/c1af2bf80d2c8845bbbf06222f87e8b58a8e5c1e/skimage/data/chelsea.png"));
    assert.equal(await resolveAsset(ref.url), byId);
    assert.equal(sha256(fs.readFileSync(byId)), ref.sha256);
    // a group with one file resolves by the group id
    assert.match(await resolveAsset("imagenet-categories"), /categories\.txt$/);
  });

  test("a corrupt copy in the mirror gives the one-line sha256 error", async () => {
    const mirror = path.join(tmp, "corrupt-mirror");
    const ref = findAsset(CHELSEA)!;
    const file = path.join(mirror, mirrorRelativePath(ref.url));
    fs.mkdirSync(path.dirname(file), {recursive: true});
    const bytes = fs.readFileSync(path.join(MIRROR, mirrorRelativePath(ref.url)));
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    process.env.ASSET_MIRROR = mirror;
    offline();
    const err = await resolveAsset(CHELSEA).then(() => null, (e: Error) => e);
    assert.ok(err, "a corrupt file must not resolve");
    assert.doesNotMatch(err.message, /\n/);
    assert.match(err.message, new RegExp(`^asset skimage/chelsea\\.png: sha256 mismatch in mirror ${mirror.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(expected ${ref.sha256.slice(0, 12)}…, got ${sha256(bytes).slice(0, 12)}…\\)`));
    assert.ok(err.message.includes(ref.url), "the message names the URL");
    const a = await assetAvailable(CHELSEA);
    assert.equal(a.available, false);
    assert.match((a as {reason: string}).reason, /sha256 mismatch/);
  });

  test("a missing asset gives the one-line missing error naming it", async () => {
    const mirror = path.join(tmp, "empty-mirror");
    fs.mkdirSync(mirror, {recursive: true});
    process.env.ASSET_MIRROR = mirror;
    offline();
    const id = "mobilenet-v1-0.25/mobilenet_group7-shard1of1";
    await assert.rejects(resolveAsset(id), (e: Error) => {
      assert.doesNotMatch(e.message, /\n/);
      assert.match(e.message, /^asset mobilenet-v1-0\.25\/mobilenet_group7-shard1of1: missing in mirror .*empty-mirror; missing in cache .*; network: fetch failed \(ENOTFOUND\) \(url https:\/\/raw\.githubusercontent\.com\/mit-cml\/.*mobilenet_group7-shard1of1\)$/);
      return true;
    });
    const a = await assetAvailable(id);
    assert.equal(a.available, false);
    assert.match((a as {reason: string}).reason, /missing in mirror/);
  });

  test("ASSET_MIRROR unset and no network: a clear error, quickly", async () => {
    delete process.env.ASSET_MIRROR;
    offline();
    const t0 = Date.now();
    await rejectsWith(resolveAsset("coral/parrot.jpg"), /^asset coral\/parrot\.jpg: ASSET_MIRROR not set; missing in cache [^;]+; network: fetch failed \(ENOTFOUND\) \(url https:\/\/raw\.githubusercontent\.com\/google-coral\/test_data\/[0-9a-f]{40}\/parrot\.jpg\)$/);
    assert.ok(Date.now() - t0 < 2000);
  });

  test("unknown ids are named", async () => {
    await rejectsWith(resolveAsset("skimage/lena.png"), /^asset skimage\/lena\.png: unknown \(not in data\/assets\/manifest\.json\)$/);
    assert.equal((await assetAvailable("nope/nothing")).available, false);
  });

  test("the network path verifies what it downloads and fills the cache", async () => {
    delete process.env.ASSET_MIRROR;
    const cache = path.join(tmp, "net-cache");
    process.env.ASSET_CACHE = cache;
    const ref = findAsset("imagenet-categories/categories.txt")!;
    const good = fs.readFileSync(path.join(MIRROR, mirrorRelativePath(ref.url)));
    const asked: string[] = [];
    // a tampered download is refused and not cached
    globalThis.fetch = async (url) => (asked.push(String(url)), new Response(Buffer.concat([good, Buffer.from("x")])));
    await rejectsWith(resolveAsset(ref.id), /sha256 mismatch from network/);
    assert.equal(fs.existsSync(path.join(cache, mirrorRelativePath(ref.url))), false);
    // a good download lands in the cache, and the cache serves it with the network gone
    globalThis.fetch = async (url) => (asked.push(String(url)), new Response(good));
    const p = await resolveAsset(ref.id);
    assert.equal(p, path.join(cache, mirrorRelativePath(ref.url)));
    assert.deepEqual(asked, [ref.url, ref.url]);
    offline();
    assert.equal(await resolveAsset(ref.id), p);
    assert.deepEqual(await assetAvailable(ref.id), {available: true, path: p});
  });
});
