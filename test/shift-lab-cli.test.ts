// `npm run lab -- jaggedness` end to end: JSON with the four metrics for a folder of images,
// per-image sweeps on request, every model id with the mirror, and clear errors.
import {test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {makeShapeTexBatch} from "../components/datasets/shapetex.ts";
import {fromFloatRgb} from "../data/site/image-ops.ts";
import {writePng} from "../data/node/png.ts";

const mirror = process.env.ASSET_MIRROR ?? path.resolve("../shared/assets");
const env = {...process.env, ASSET_MIRROR: mirror};

function lab(args: string[]) {
  const r = spawnSync("npm", ["run", "--silent", "lab", "--", "jaggedness", ...args, "--json"], {env, encoding: "utf8", timeout: 300_000});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** A folder with three ShapeTex PNGs and a text file that must be ignored. */
function shapeTexDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jagged-"));
  const b = makeShapeTexBatch(4242, 3, {size: 32});
  for (let i = 0; i < 3; i++) writePng(path.join(dir, `img${i}.png`), fromFloatRgb(b.images.slice(i * 32 * 32 * 3, (i + 1) * 32 * 32 * 3), 32, 32));
  fs.writeFileSync(path.join(dir, "notes.txt"), "not an image\n");
  return dir;
}

const METRICS = ["p_top1_change", "mean_abs_change", "jagged_fraction", "consistency"];

test("lab jaggedness on a folder: metrics in range, per-image sweeps that agree with them", () => {
  const dir = shapeTexDir();
  const r = lab(["--model", "shapetex", "--images", dir, "--protocol", "inpaint", "--max-shift", "8", "--per-image"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.images, 3);
  assert.equal(j.protocol, "inpaint");
  assert.equal(j.direction, "diagonal");
  assert.equal(j.max_shift, 8);
  for (const k of METRICS) assert.ok(j[k] >= 0 && j[k] <= 1, `${k} = ${j[k]}`);
  assert.equal(j.per_image.length, 3);
  for (const p of j.per_image) {
    assert.equal(p.top1.length, 9);
    assert.equal(p.p_reference.length, 9);
  }
  // P(top-1 change) recomputed from the per-image top-1 sequences
  const changes = j.per_image.reduce((n: number, p: {changes: number[]}) => n + p.changes.length, 0);
  assert.ok(Math.abs(j.p_top1_change - changes / (3 * 8)) < 1e-12);
  assert.equal(j.reference, "unshifted-top1");
  // by default the images are shared among worker threads; on this thread alone, the same numbers
  assert.equal(j.workers, Math.min(os.availableParallelism(), 3));
  const one = lab(["--model", "shapetex", "--images", dir, "--protocol", "inpaint", "--max-shift", "8", "--per-image", "--workers", "1"]);
  assert.equal(one.code, 0, one.stderr);
  const k = JSON.parse(one.stdout);
  assert.equal(k.workers, 1);
  for (const key of [...METRICS, "per_image"]) assert.deepEqual(k[key], j[key], key);
});

test("lab jaggedness rejects bad arguments with clear messages", () => {
  const dir = shapeTexDir();
  const bad = (args: string[], re: RegExp) => {
    const r = lab(args);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, re);
  };
  bad(["--model", "shapetex", "--images", dir, "--protocol", "tilt", "--max-shift", "4"], /--protocol must be one of black, inpaint, crop/);
  bad(["--model", "shapetex", "--images", dir, "--protocol", "crop", "--max-shift", "1.5"], /--max-shift must be an integer from 1 to 64, got "1.5"/);
  bad(["--model", "shapetex", "--images", dir, "--protocol", "crop", "--max-shift", "4", "--direction", "up"], /--direction must be one of diagonal, x, y/);
  bad(["--model", "shapetex", "--images", path.join(dir, "nope"), "--protocol", "crop", "--max-shift", "4"], /not a folder/);
  bad(["--model", "resnet-9000", "--images", dir, "--protocol", "crop", "--max-shift", "4"], /unknown model/);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "jagged-empty-"));
  bad(["--model", "shapetex", "--images", empty, "--protocol", "black", "--max-shift", "4"], /no PNG, JPEG or BMP/);
});

test("lab jaggedness runs for every model id with the mirror (JPEG and BMP photos)", (t) => {
  if (!fs.existsSync(path.join(mirror, "mit-cml"))) {
    if (process.env.CI === "true") assert.fail(`asset mirror missing at ${mirror}`);
    return t.skip(`asset mirror not found at ${mirror}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jagged-photos-"));
  const coral = path.join(mirror, "google-coral/test_data/104342d2d3480b3e66203073dac24f4e2dbb4c41");
  fs.copyFileSync(path.join(coral, "parrot.jpg"), path.join(dir, "parrot.jpg"));
  fs.copyFileSync(path.join(coral, "bird.bmp"), path.join(dir, "bird.bmp"));
  for (const id of ["shapetex", "shapetex-blurpool", "mobilenet-v1-0.25", "tiny-darknet"]) {
    const r = lab(["--model", id, "--images", dir, "--protocol", "black", "--max-shift", "4", "--direction", "x"]);
    assert.equal(r.code, 0, `${id}: ${r.stderr}`);
    const j = JSON.parse(r.stdout);
    assert.equal(j.model, id);
    assert.equal(j.images, 2);
    assert.equal(j.jagged_k, id.startsWith("shapetex") ? 2 : 5);
    for (const k of METRICS) assert.ok(j[k] >= 0 && j[k] <= 1, `${id} ${k} = ${j[k]}`);
  }
});
