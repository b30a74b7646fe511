// Reproducible builds: two clean builds of this checkout, with the same inputs (environment,
// mirror, cache), must give byte-identical dist/ trees. test/run.sh calls this right after its
// own clean build (SITE_DIST_READY=1: that dist/ is the first build), so it costs one more
// build; alone it builds twice. Exits 1 naming each file that differs and where.
//   npx tsx test/reproducible-build.ts
import {execFileSync} from "node:child_process";
import {existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, cpSync} from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "dist");

function cleanBuild(): number {
  rmSync(path.join(root, "src/.observablehq/cache"), {recursive: true, force: true});
  rmSync(dist, {recursive: true, force: true});
  const t0 = Date.now();
  execFileSync("npm", ["run", "--silent", "build"], {cwd: root, stdio: ["ignore", "ignore", "inherit"], timeout: 30 * 60_000});
  return (Date.now() - t0) / 1000;
}

function files(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), {withFileTypes: true}).flatMap((e) => {
    const rel = path.posix.join(prefix, e.name);
    return e.isDirectory() ? files(dir, rel) : [rel];
  }).sort();
}

/** Each difference between two trees, one line each. */
export function compareTrees(a: string, b: string): string[] {
  const fa = files(a), fb = files(b);
  const sb = new Set(fb), sa = new Set(fa);
  const out = [...fa.filter((f) => !sb.has(f)).map((f) => `only in the first build: ${f}`), ...fb.filter((f) => !sa.has(f)).map((f) => `only in the second build: ${f}`)];
  for (const f of fa.filter((f) => sb.has(f))) {
    const x = readFileSync(path.join(a, f)), y = readFileSync(path.join(b, f));
    if (x.equals(y)) continue;
    let i = 0;
    while (i < Math.min(x.length, y.length) && x[i] === y[i]) i++;
    const around = (buf: Buffer) => JSON.stringify(buf.subarray(Math.max(0, i - 40), i + 40).toString("utf8"));
    out.push(`differs: ${f} (${x.length} vs ${y.length} bytes; first at byte ${i}: ${around(x)} vs ${around(y)})`);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "cnn-repro-"));
  const first = path.join(tmp, "dist");
  try {
    let firstSeconds: number | null = null;
    if (process.env.SITE_DIST_READY === "1" && existsSync(path.join(dist, "index.html"))) {
      console.log("reproducible-build: the first build is the dist/ just built");
    } else {
      firstSeconds = cleanBuild();
      console.log(`reproducible-build: first clean build ${firstSeconds.toFixed(0)} s`);
    }
    try {
      renameSync(dist, first);
    } catch {
      cpSync(dist, first, {recursive: true}); // another file system
    }
    const secondSeconds = cleanBuild();
    console.log(`reproducible-build: second clean build ${secondSeconds.toFixed(0)} s`);
    const diffs = compareTrees(first, dist);
    const count = files(dist).length;
    if (diffs.length) {
      console.error(`reproducible-build: FAIL: ${diffs.length} of ${count} files differ between two clean builds:`);
      for (const d of diffs.slice(0, 40)) console.error(`  ${d}`);
      process.exitCode = 1;
    } else {
      console.log(`reproducible-build: ok: ${count} files byte-identical in two clean builds`);
    }
  } finally {
    rmSync(tmp, {recursive: true, force: true});
  }
}
