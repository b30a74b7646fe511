// `npm run lab -- shape-bias` end to end: the mirror's cue-conflict stimuli through an ImageNet
// network, and folders with missing categories, odd names and non-images reported, not crashed on.
import {test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {requireMirror} from "./helpers/mirror.ts";

const mirror = process.env.ASSET_MIRROR ?? path.resolve("../shared/assets");
const env = {...process.env, ASSET_MIRROR: mirror};
const STIMULI = path.join(mirror, "rgeirhos/texture-vs-shape/ccd0c01d42c0a8a834e90ec141e7f24fa915dc23/stimuli/style-transfer-preprocessed-512");

function lab(args: string[]) {
  const r = spawnSync("npm", ["run", "--silent", "lab", "--", "shape-bias", ...args, "--json"], {env, encoding: "utf8", timeout: 300_000});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

const needMirror = (t: {skip(m: string): void}) => requireMirror(t, path.relative(mirror, STIMULI));

test("lab shape-bias: MobileNet on the mirror's 80 cue-conflict images is texture-biased", (t) => {
  if (!needMirror(t)) return;
  const r = lab(["--model", "mobilenet-v1-0.25", "--stimuli", STIMULI, "--decisions"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (const k of ["shape_bias", "shape", "texture", "other", "n", "excluded", "categories", "missing_categories", "problems", "decisions"]) assert.ok(k in j, `missing ${k}`);
  assert.equal(j.n + j.excluded, 80);
  assert.equal(j.excluded, 7, "7 of the mirror's images have shape = texture");
  assert.equal(j.shape + j.texture + j.other, j.n);
  assert.equal(j.shape_bias, Math.round((1e4 * j.shape) / (j.shape + j.texture)) / 1e4);
  // its 95% Wilson interval: around the estimate, wide at a few dozen decisions
  const [low, high] = j.shape_bias_ci95;
  assert.ok(low < j.shape_bias && j.shape_bias < high && high - low > 0.15, `interval ${low}–${high}`);
  // the paper's finding: ImageNet CNNs choose texture far more often than shape
  assert.ok(j.shape_bias < 0.5, `shape bias ${j.shape_bias}`);
  assert.ok(j.texture > j.shape);
  assert.equal(j.categories.length, 16);
  assert.deepEqual(j.missing_categories, []);
  assert.deepEqual(j.problems, []);
  assert.equal(j.decisions.length, 80);
  const agree = j.decisions.find((d: {file: string}) => d.file === "cat/cat1-cat3.png");
  assert.equal(agree?.kind, "excluded", "an image whose cues agree is reported but not counted");
  // per-category fractions agree with the decisions
  for (const c of j.categories) {
    const mine = j.decisions.filter((d: {shape: string; kind: string}) => d.shape === c.category && d.kind !== "excluded");
    assert.equal(c.n, mine.length);
    assert.equal(c.shape, Math.round((1e4 * mine.filter((d: {kind: string}) => d.kind === "shape").length) / mine.length) / 1e4);
  }
});

test("lab shape-bias: Tiny Darknet (darknet class order) runs on the mirror too", (t) => {
  if (!needMirror(t)) return;
  const r = lab(["--model", "tiny-darknet", "--stimuli", "mirror"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.n, 73);
  assert.ok(j.shape_bias < 0.5, `shape bias ${j.shape_bias}`);
  // a remap error would scatter decisions over unrelated categories: most must name a cue
  assert.ok(j.shape + j.texture > j.n / 2, `${j.shape} shape + ${j.texture} texture of ${j.n}`);
});

test("lab shape-bias: a messy folder gives a report, not a crash", (t) => {
  if (!needMirror(t)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stimuli-"));
  fs.mkdirSync(path.join(dir, "cat"));
  fs.mkdirSync(path.join(dir, "unicorn"));
  fs.mkdirSync(path.join(dir, "dog"));
  fs.copyFileSync(path.join(STIMULI, "cat/cat1-bird1.png"), path.join(dir, "cat/cat1-bird1.png"));
  fs.copyFileSync(path.join(STIMULI, "dog/dog1-bear1.png"), path.join(dir, "dog/dog1-bear1.png"));
  fs.writeFileSync(path.join(dir, "cat/notes.txt"), "not an image");
  fs.writeFileSync(path.join(dir, "cat/cat9.png"), "odd name");
  fs.writeFileSync(path.join(dir, "dog/dog2-cat1.png"), "text pretending to be a PNG");
  fs.writeFileSync(path.join(dir, "cat/dog3-cat1.png"), "wrong folder");
  fs.writeFileSync(path.join(dir, "README"), "loose file");
  const r = lab(["--model", "mobilenet-v1-0.25", "--stimuli", dir, "--decisions"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.n, 2, "the two real cue-conflict images are measured");
  assert.equal(j.decisions.length, 2);
  const reasons = Object.fromEntries(j.problems.map((p: {file: string; reason: string}) => [p.file, p.reason]));
  assert.match(reasons["cat/notes.txt"], /not an image/);
  assert.match(reasons["cat/cat9.png"], /not shapeN-textureM/);
  assert.match(reasons["cat/dog3-cat1.png"], /in the "cat" folder/);
  assert.match(reasons["dog/dog2-cat1.png"], /cannot be decoded/);
  assert.match(reasons["unicorn/"], /not one of the 16 categories/);
  assert.match(reasons["README"], /not inside a category folder/);
  assert.equal(j.missing_categories.length, 14);
  assert.ok(!j.missing_categories.includes("cat") && j.missing_categories.includes("airplane"));
  assert.equal(j.categories.length, 2);
  // an empty folder: nothing measured, said plainly
  const empty = lab(["--model", "mobilenet-v1-0.25", "--stimuli", fs.mkdtempSync(path.join(os.tmpdir(), "empty-"))]);
  assert.equal(empty.code, 0, empty.stderr);
  const e = JSON.parse(empty.stdout);
  assert.equal(e.n, 0);
  assert.equal(e.shape_bias, null);
  assert.deepEqual(e.shape_bias_ci95, [0, 1], "no decisions: the interval says nothing");
  assert.equal(e.missing_categories.length, 16);
});

test("lab shape-bias: a missing folder and a non-ImageNet model fail with one clear line", () => {
  const gone = lab(["--model", "mobilenet-v1-0.25", "--stimuli", "/nonexistent/stimuli"]);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /stimuli folder \/nonexistent\/stimuli does not exist/);
  const shapetex = lab(["--model", "shapetex", "--stimuli", "mirror"]);
  assert.equal(shapetex.code, 1);
  assert.match(shapetex.stderr, /needs an ImageNet model/);
});
