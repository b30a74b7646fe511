// The `lab` command line is strict: every experiment declares its options, typos name the
// nearest valid option, numbers are range-checked, --help comes from the declaration, and
// junk files give one line on stderr and exit status 1.
import {test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {runLab} from "../data/lab/cli.ts";
import {EXPERIMENTS} from "../data/lab.ts";
import {defineOptions, editDistance, GLOBAL_OPTIONS, nearest, opt, parseDeclared, usageText, type OptionSpec} from "../data/lab/options.ts";
import {gradientPng} from "./helpers/images.ts";
import {makeRng} from "../components/random.ts";

async function lab(...argv: string[]) {
  const out: string[] = [], err: string[] = [];
  const code = await runLab(argv, EXPERIMENTS, {out: (s) => out.push(s), err: (s) => err.push(s)});
  return {code, stdout: out.join("\n"), stderr: err.join("\n")};
}

const SPECS = defineOptions({
  model: opt.text("model", {required: true}),
  image: opt.text("image", {required: true}),
  steps: opt.integer("steps", {default: 10, min: 1, max: 500}),
  lr: opt.number("learning rate", {default: 0.05, min: 0, above: true}),
  fit: opt.choice(["center-crop", "stretch"], "fit", "center-crop"),
  full: opt.flag("full"),
});

const usageError = (argv: string[]) => {
  try {
    parseDeclared(argv, SPECS, "lab t");
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`accepted ${argv.join(" ")}`);
};

test("edit distance counts one swap as one typo, and nearest() only suggests plausible typos", () => {
  assert.equal(editDistance("modle", "model"), 1);
  assert.equal(editDistance("stpes", "steps"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(nearest("modle", ["model", "image", "top"]), "model");
  assert.equal(nearest("imgae", ["model", "image"]), "image");
  assert.equal(nearest("max-shfit", ["max-shift", "images"]), "max-shift");
  assert.equal(nearest("zzzzzz", ["model", "image"]), undefined);
});

test("unknown options name the nearest declared one", () => {
  assert.equal(usageError(["--modle", "m", "--image", "i"]), "unknown option --modle; did you mean --model?");
  assert.equal(usageError(["--model", "m", "--image", "i", "--stesp", "3"]), "unknown option --stesp; did you mean --steps?");
  assert.match(usageError(["--model", "m", "--image", "i", "--banana", "3"]), /^unknown option --banana; `lab t --help` lists the options$/);
  assert.match(usageError(["--model", "m", "--image", "i", "-x"]), /^unknown option -x/);
});

test("numbers are checked against their declared ranges", () => {
  const ok = parseDeclared(["--model", "m", "--image", "i", "--steps", "500", "--lr=1e-3"], SPECS);
  assert.equal(ok.options.get("steps"), "500");
  assert.equal(ok.options.get("lr"), "1e-3");
  for (const bad of ["0", "501", "1.5", "abc", "", "Infinity", "1e999", "12abc"]) {
    assert.equal(usageError(["--model", "m", "--image", "i", `--steps=${bad}`]), `--steps must be an integer from 1 to 500, got "${bad}"`);
  }
  assert.equal(usageError(["--model", "m", "--image", "i", "--lr=0"]), `--lr must be a number > 0, got "0"`);
  assert.equal(usageError(["--model", "m", "--image", "i", "--lr=NaN"]), `--lr must be a number > 0, got "NaN"`);
  // a negative number after an option is its value (as the old parser had it), then range-checked
  assert.equal(usageError(["--model", "m", "--image", "i", "--lr", "-1"]), `--lr must be a number > 0, got "-1"`);
  assert.equal(parseDeclared(["--model", "m", "--image", "i", "--lr", ".5"], SPECS).options.get("lr"), ".5");
  assert.match(usageError(["--model", "m", "--image", "i", "--image", "-x"]), /^--image needs a value; for one that starts with a dash write --image=-VALUE$/);
});

test("choices, missing options, stray words and flags with values are one-line errors", () => {
  assert.equal(usageError(["--model", "m", "--image", "i", "--fit", "strech"]), `--fit must be one of center-crop, stretch, got "strech"; did you mean stretch?`);
  assert.equal(usageError([]), "missing --model, --image (`lab t --help` shows the usage)");
  assert.equal(usageError(["--image", "i"]), "missing --model (`lab t --help` shows the usage)");
  assert.equal(usageError(["--model", "m", "--image", "i", "oops"]), 'unexpected argument "oops": options are written --name value (`lab t --help` lists them)');
  assert.equal(usageError(["--model", "m", "--image", "i", "--full=yes"]), "--full takes no value");
  assert.equal(usageError(["--model", "m", "--image"]), "--image needs a value");
});

test("declared defaults are filled in and flags are recorded", () => {
  const a = parseDeclared(["--model", "m", "--image", "i", "--full", "--json"], SPECS);
  assert.deepEqual(Object.fromEntries(a.options), {model: "m", image: "i", steps: "10", lr: "0.05", fit: "center-crop"});
  assert.deepEqual([...a.flags].sort(), ["full", "json"]);
  // --help wins over missing options, so a user can always ask
  assert.deepEqual([...parseDeclared(["--help"], SPECS).flags], ["help"]);
});

/** A declaration's default must satisfy the declaration itself. */
function checkDefault(name: string, key: string, spec: OptionSpec) {
  if (spec.type === "flag" || spec.default === undefined) return;
  if (spec.type === "choice") assert.ok(spec.choices.includes(spec.default), `${name} --${key}: default ${spec.default} not among its choices`);
  if (spec.type === "number") {
    const d = spec.default;
    assert.ok(!spec.integer || Number.isInteger(d), `${name} --${key}: default ${d} is not an integer`);
    assert.ok(spec.min === undefined || (spec.above ? d > spec.min : d >= spec.min), `${name} --${key}: default ${d} below ${spec.min}`);
    assert.ok(spec.max === undefined || d <= spec.max, `${name} --${key}: default ${d} above ${spec.max}`);
  }
}

test("every experiment declares its options, and its --help lists each of them", async () => {
  assert.ok(Object.keys(EXPERIMENTS).length >= 10);
  for (const [name, load] of Object.entries(EXPERIMENTS)) {
    const mod = await load();
    assert.ok(mod.description && mod.description.trim().length > 20, `lab ${name} has no description`);
    assert.equal(mod.usage, usageText(name, mod.options!, mod.description), `lab ${name}: usage is not generated from the declaration`);
    for (const key of Object.keys(mod.options!)) assert.ok(!(key in GLOBAL_OPTIONS), `lab ${name} redeclares --${key}`);
    const h = await lab(name, "--help");
    assert.equal(h.code, 0, h.stderr);
    assert.match(h.stdout, new RegExp(`^usage: npm run --silent lab -- ${name} `));
    for (const [key, spec] of Object.entries({...mod.options!, ...GLOBAL_OPTIONS})) {
      assert.ok(h.stdout.includes(`--${key}`), `lab ${name} --help omits --${key}`);
      assert.ok(h.stdout.includes(spec.help), `lab ${name} --help omits the help of --${key}`);
      checkDefault(name, key, spec);
    }
    // a typo of each declared option is answered with that option
    for (const key of Object.keys(mod.options!)) {
      if (key.length < 4) continue;
      const typo = key.slice(0, 1) + key.slice(2, 3) + key.slice(1, 2) + key.slice(3); // swap letters 2 and 3
      if (typo === key) continue;
      const r = await lab(name, `--${typo}`, "x");
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `lab ${name}: unknown option --${typo}; did you mean --${key}?`);
    }
  }
});

test("lab --help lists every experiment; an unknown experiment gets a suggestion", async () => {
  const h = await lab("--help");
  assert.equal(h.code, 0);
  for (const name of Object.keys(EXPERIMENTS)) assert.match(h.stdout, new RegExp(`^  ${name} +\\S`, "m"));
  const r = await lab("clasify");
  assert.deepEqual([r.code, r.stderr], [1, 'lab: unknown experiment "clasify"; did you mean classify?']);
  const none = await lab();
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^lab: name an experiment \(models, classify/);
});

test("the issue's two examples: a misspelled option and an option the experiment does not have", async () => {
  const typo = await lab("classify", "--modle", "shapetex", "--image", "x.png");
  assert.deepEqual([typo.code, typo.stderr], [1, "lab classify: unknown option --modle; did you mean --model?"]);
  const alien = await lab("classify", "--model", "shapetex", "--image", "x.png", "--steps", "-5");
  assert.deepEqual([alien.code, alien.stderr], [1, "lab classify: unknown option --steps; `lab classify --help` lists the options"]);
  const range = await lab("jaggedness", "--model", "shapetex", "--shapetex", "4", "--protocol", "crop", "--max-shift", "65");
  assert.deepEqual([range.code, range.stderr], [1, 'lab jaggedness: --max-shift must be an integer from 1 to 64, got "65"']);
});

test("random bytes as an image or as a model file: one line on stderr, exit status 1", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-junk-"));
  const rng = makeRng(17);
  // include newlines and quotes among the bytes: the message must still be one line
  const junk = (n: number) => Buffer.from(Array.from({length: n}, () => rng.int(256)));
  const image = path.join(dir, "photo.png"), ok = path.join(dir, "ok.png");
  fs.writeFileSync(image, junk(4096));
  fs.writeFileSync(ok, gradientPng(40, 40));
  fs.mkdirSync(path.join(dir, "net"));
  fs.writeFileSync(path.join(dir, "net", "model.json"), junk(4096));
  fs.writeFileSync(path.join(dir, "net.tflite"), junk(4096));
  const cases: [string[], RegExp][] = [
    [["--model", "shapetex", "--image", image], /^lab classify: not an image: .*photo\.png/],
    [["--model", path.join(dir, "net", "model.json"), "--image", ok], /^lab classify: .*model\.json is not JSON/],
    [["--model", path.join(dir, "net.tflite"), "--image", ok], /^lab classify: .*not a TFLite flatbuffer/],
    [["--model", path.join(dir, "missing.json"), "--image", ok], /^lab classify: model file .*missing\.json not found$/],
  ];
  for (const [argv, want] of cases) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "data/lab.ts", "classify", ...argv, "--json"], {encoding: "utf8", timeout: 120_000});
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `more than one line: ${r.stderr}`);
    assert.match(lines[0], want);
    assert.doesNotMatch(lines[0], /[\u0000-\u0008\u000e-\u001f\ufffd]/, "raw bytes echoed");
  }
});

test("every registered experiment has a declaration (no usage-text fallback)", async () => {
  const undeclared: string[] = [];
  for (const [name, load] of Object.entries(EXPERIMENTS)) if (!(await load()).options) undeclared.push(name);
  assert.deepEqual(undeclared, []);
});
