// `lab classvis`, `lab adversarial` and `lab dream` end to end: JSON on stdout, PNGs on disk,
// clear errors on bad options.
import {test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {readPng, writePng} from "../data/node/png.ts";
import {requireMirror, MIRROR} from "./helpers/mirror.ts";
import {makeShapeTexBatch} from "../components/datasets/shapetex.ts";

const env = {...process.env, ASSET_MIRROR: MIRROR};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-optimize-"));

function lab(args: string[]) {
  const r = spawnSync("npm", ["run", "--silent", "lab", "--", ...args, "--json"], {env, encoding: "utf8", timeout: 600_000});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr, json: r.status === 0 ? JSON.parse(r.stdout) : null};
}

/** A ShapeTex image (seed 5, the first of its batch) as a PNG file. */
function shapePng(): string {
  const b = makeShapeTexBatch(5, 1), data = new Uint8ClampedArray(32 * 32 * 4);
  for (let p = 0; p < 32 * 32; p++) {
    for (let c = 0; c < 3; c++) data[4 * p + c] = Math.round(b.images[3 * p + c] * 255);
    data[4 * p + 3] = 255;
  }
  const file = path.join(dir, "shape.png");
  writePng(file, {width: 32, height: 32, data});
  return file;
}

test("lab classvis renders a ShapeTex class by name and reports it classified as that class", () => {
  const out = path.join(dir, "star.png");
  const r = lab(["classvis", "--model", "shapetex", "--class", "star", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.class, 3);
  assert.equal(r.json.label, "star");
  assert.ok(r.json.logit_after > r.json.logit_before + 5);
  assert.equal(r.json.classified_as_class, true);
  assert.equal(r.json.top1.index, 3);
  assert.equal(readPng(out).width, 32);
  const bad = lab(["classvis", "--model", "shapetex", "--class", "hexagon", "--out", out]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /"hexagon" is not a class of shapetex/);
});

test("lab adversarial: FGSM and a targeted PGD on a ShapeTex image, transfer to the blur-pool net, norms within ε", () => {
  const image = shapePng(), out = path.join(dir, "adv.png");
  const f = lab(["adversarial", "--model", "shapetex", "--image", image, "--attack", "fgsm", "--eps", "16", "--transfer-to", "shapetex-blurpool", "--out", out]);
  assert.equal(f.code, 0, f.stderr);
  assert.ok(Math.abs(f.json.norms.linf - 16) < 1e-2, `L∞ ${f.json.norms.linf}`);
  assert.equal(f.json.before.length, 5);
  assert.equal(f.json.changed, f.json.top1_before.index !== f.json.top1_after.index);
  assert.equal(f.json.transfer.length, 1);
  assert.equal(f.json.transfer[0].model, "shapetex-blurpool");
  assert.equal(readPng(out).width, 32);
  const target = (f.json.top1_before.index + 2) % 6;
  const p = lab(["adversarial", "--model", "shapetex", "--image", image, "--attack", "pgd", "--eps", "16", "--step", "2", "--iterations", "40", "--target", String(target)]);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(p.json.reached, true);
  assert.equal(p.json.top1_after.index, target);
  assert.ok(p.json.norms.linf <= 16 + 1e-3);
  const bad = lab(["adversarial", "--model", "shapetex", "--image", image, "--attack", "deepfool", "--eps", "2"]);
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, 'lab adversarial: --attack must be one of fgsm, pgd, fooling, got "deepfool"\n');
  const far = lab(["adversarial", "--model", "shapetex", "--image", image, "--attack", "fgsm", "--eps", "300"]);
  assert.equal(far.stderr, 'lab adversarial: --eps must be a number from 0 to 255, got "300"\n');
  const notImage = path.join(dir, "not.png");
  fs.writeFileSync(notImage, "hello");
  const bad2 = lab(["adversarial", "--model", "shapetex", "--image", notImage, "--attack", "fgsm", "--eps", "2"]);
  assert.equal(bad2.code, 1);
  assert.match(bad2.stderr, /not an image/);
});

test("lab adversarial --attack fooling reaches 99% from noise; lab dream raises its objective", () => {
  const f = lab(["adversarial", "--model", "shapetex", "--attack", "fooling", "--target", "heart"]);
  assert.equal(f.code, 0, f.stderr);
  assert.equal(f.json.reached, true);
  assert.equal(f.json.top1_after.label, "heart");
  assert.ok(f.json.top1_after.probability >= 0.99);
  const out = path.join(dir, "dream.png");
  const d = lab(["dream", "--model", "shapetex", "--image", shapePng(), "--layer", "conv2_2", "--octaves", "2", "--out", out]);
  assert.equal(d.code, 0, d.stderr);
  assert.ok(d.json.objective_after > d.json.objective_before, `${d.json.objective_before} -> ${d.json.objective_after}`);
  assert.equal(d.json.octaves, 2);
  assert.equal(readPng(out).width, 32);
  const bad = lab(["dream", "--model", "shapetex", "--image", shapePng(), "--layer", "conv9", "--out", out]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unknown layer "conv9"/);
});

test("lab adversarial on MobileNet v1 0.25: FGSM at ε = 1 flips chelsea, transfer to Tiny Darknet reported", (t) => {
  if (!requireMirror(t, "mit-cml")) return;
  const r = lab(["adversarial", "--model", "mobilenet-v1-0.25", "--image", "skimage/chelsea.png", "--attack", "fgsm", "--eps", "1", "--transfer-to", "tiny-darknet"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json.changed, true);
  assert.ok(r.json.norms.linf <= 1 + 1e-3);
  assert.equal(r.json.transfer[0].model, "tiny-darknet");
  assert.equal(typeof r.json.transfer[0].changed, "boolean");
});
