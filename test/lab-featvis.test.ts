// `npm run lab -- featvis` end to end: JSON on stdout, a PNG of the asked size on disk, and
// clear errors for a wrong layer or channel.
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

function lab(args: string[]) {
  const r = spawnSync("npm", ["run", "--silent", "lab", "--", "featvis", ...args, "--json"], {env, encoding: "utf8", timeout: 300_000});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

const needMirror = (t: {skip(m: string): void}) => requireMirror(t, "mit-cml");

test("lab featvis renders a MobileNet channel to a PNG and reports the objective climbing", (t) => {
  if (!needMirror(t)) return;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "featvis-")), "pw5-7.png");
  const r = lab(["--model", "mobilenet-v1-0.25", "--layer", "conv_pw_5_relu", "--channel", "7", "--out", out, "--steps", "16", "--size", "64", "--seed", "2"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (const key of ["model", "layer", "channel", "objective_before", "objective_after", "steps", "seconds", "out"]) assert.ok(key in j, `missing ${key}`);
  assert.equal(j.model, "mobilenet-v1-0.25");
  assert.equal(j.layer, "conv_pw_5_relu");
  assert.equal(j.channel, 7);
  assert.equal(j.steps, 16);
  assert.ok(j.objective_after > j.objective_before + 0.3, `${j.objective_before} -> ${j.objective_after}`);
  const png = readPng(j.out);
  assert.equal(png.width, 64);
  assert.equal(png.height, 64);
  // not a flat image: the render has structure
  const reds = Array.from({length: 64 * 64}, (_, i) => png.data[4 * i]);
  assert.ok(Math.max(...reds) - Math.min(...reds) > 50);
});

test("lab featvis --objective class maximises a logit", (t) => {
  if (!needMirror(t)) return;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "featvis-")), "class.png");
  const r = lab(["--model", "mobilenet-v1-0.25", "--objective", "class", "--channel", "130", "--out", out, "--steps", "12", "--size", "64", "--schedule", "classic"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.layer, "logits");
  assert.ok(j.objective_after > j.objective_before + 0.5, `${j.objective_before} -> ${j.objective_after}`);
  assert.equal(readPng(out).width, 64);
});

test("lab featvis rejects an unknown layer and an out-of-range channel with clear errors", (t) => {
  if (!needMirror(t)) return;
  const out = path.join(os.tmpdir(), "featvis-never.png");
  const bad = lab(["--model", "mobilenet-v1-0.25", "--layer", "conv_pw_99", "--channel", "0", "--out", out]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unknown layer "conv_pw_99".*conv_pw_5_relu/s);
  const range = lab(["--model", "mobilenet-v1-0.25", "--layer", "conv_pw_2_relu", "--channel", "32", "--out", out]);
  assert.equal(range.code, 1);
  assert.match(range.stderr, /--channel 32 out of range: conv_pw_2_relu has 32 channels/);
  assert.equal(fs.existsSync(out), false);
});
