// `npm run lab -- gram | texture | style | invert` end to end: JSON on stdout, PNGs on disk,
// losses that fall well under where they started (fixed seeds), clear errors.
import {test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {readPng} from "../data/node/png.ts";
import {requireMirror} from "./helpers/mirror.ts";

const mirror = process.env.ASSET_MIRROR ?? path.resolve("../shared/assets");
const env = {...process.env, ASSET_MIRROR: mirror};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gram-lab-"));

function lab(args: string[]) {
  const r = spawnSync("npm", ["run", "--silent", "lab", "--", ...args, "--json"], {env, encoding: "utf8", timeout: 300_000});
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const needMirror = (t: {skip(m: string): void}) => requireMirror(t, "mit-cml");

function checkRun(j: Record<string, unknown>, steps: number, side: number, factor: number) {
  for (const key of ["first_loss", "last_loss", "losses", "steps", "seconds", "out"]) assert.ok(key in j, `missing ${key}`);
  assert.equal(j.steps, steps);
  assert.equal((j.losses as number[]).length, steps);
  assert.ok((j.last_loss as number) < factor * (j.first_loss as number), `loss ${j.first_loss} -> ${j.last_loss}`);
  const png = readPng(j.out as string);
  assert.equal(png.width, side);
  assert.equal(png.height, side);
}

test("lab gram: shape, trace and the full matrix; shuffling moves features, not the Gram matrix", () => {
  const j = lab(["gram", "--model", "shapetex", "--layer", "conv1_1", "--image", "shapetex:star:waves:2", "--size", "64", "--full", "--shuffle", "16"]);
  assert.deepEqual(j.shape, [16, 16]);
  assert.deepEqual(j.features, [64, 64, 16]);
  assert.equal(j.matrix.length, 16);
  const m = j.matrix as number[][];
  const trace = m.reduce((s, row, i) => s + row[i], 0);
  assert.ok(Math.abs(trace - j.trace) < 1e-3 * Math.max(1, j.trace), `trace ${j.trace} vs ${trace}`);
  for (let i = 0; i < 16; i++) for (let k = 0; k < 16; k++) assert.ok(Math.abs(m[i][k] - m[k][i]) < 1e-4, "symmetric");
  assert.ok(j.shuffle.feature_distance > 0.3, `features moved by ${j.shuffle.feature_distance}`);
  assert.ok(j.shuffle.gram_distance < j.shuffle.feature_distance / 3, `gram ${j.shuffle.gram_distance} vs features ${j.shuffle.feature_distance}`);
  const small = lab(["gram", "--model", "shapetex", "--layer", "conv2_1", "--image", "shapetex:circle:dots"]);
  assert.equal(small.matrix, undefined, "the matrix only with --full");
  assert.deepEqual(small.shape, [32, 32]);
});

test("lab texture, style and invert on the embedded network lower their losses", () => {
  checkRun(lab(["texture", "--model", "shapetex", "--image", "shapetex:star:stripes", "--size", "48", "--steps", "40", "--out", path.join(dir, "t.png")]), 40, 48, 0.3);
  const st = lab(["style", "--model", "shapetex", "--content", "shapetex:heart:dots", "--style", "shapetex:square:stripes", "--size", "48", "--steps", "30", "--out", path.join(dir, "s.png")]);
  checkRun(st, 30, 48, 0.5);
  assert.equal(st.content_layer, "conv2_2");
  const inv = lab(["invert", "--model", "shapetex", "--image", "shapetex:cross:grid", "--layer", "conv2_2", "--size", "48", "--steps", "40", "--out", path.join(dir, "i.png")]);
  checkRun(inv, 40, 48, 0.5);
  const cue = lab(["style", "--cue-conflict", "--model", "shapetex", "--content", "shapetex:heart:dots", "--style", "shapetex:square:stripes", "--size", "48", "--steps", "30", "--out", path.join(dir, "c.png")]);
  assert.equal(cue.cue_conflict, true);
  checkRun(cue, 30, 48, 0.8);
});

test("lab texture on the default ImageNet network (MobileNet) from a photo of bricks", (t) => {
  if (!needMirror(t)) return;
  const j = lab(["texture", "--image", "skimage/brick.png", "--size", "64", "--steps", "30", "--out", path.join(dir, "brick.png")]);
  assert.equal(j.model, "mobilenet-v1-0.25");
  assert.ok(j.layers.includes("conv_pw_5_relu"));
  checkRun(j, 30, 64, 0.2);
});

test("lab gram/texture reject an unknown layer and a missing --steps", () => {
  const r = spawnSync("npm", ["run", "--silent", "lab", "--", "gram", "--model", "shapetex", "--layer", "conv9", "--image", "shapetex:star:waves", "--json"], {env, encoding: "utf8"});
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown layer "conv9".*conv1_1/s);
  const s = spawnSync("npm", ["run", "--silent", "lab", "--", "texture", "--model", "shapetex", "--image", "shapetex:star:waves", "--out", path.join(dir, "x.png"), "--json"], {env, encoding: "utf8"});
  assert.equal(s.status, 1);
  assert.match(s.stderr, /missing --steps/);
});
