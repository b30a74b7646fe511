// Bring-your-own-model files that are malformed or hostile: each is refused fast, with one
// message that says what is wrong, before anything large is allocated or read.
import {test, before} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {initTf, tf} from "../data/node/tf.ts";
import {loadReferenceWithReport} from "../data/node/byom.ts";
import {ByomError} from "../components/zoo/byom.ts";
import {checkShardPath} from "../components/zoo/byom-manifest.ts";
import {writeHostileModels} from "./helpers/byom-fixtures.ts";
import {MIRROR, requireMirror} from "./helpers/mirror.ts";
import {makeRng} from "../components/random.ts";

await initTf();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "byom-hostile-"));
let models: Record<string, string> = {};
before(async () => { models = await writeHostileModels(dir); });

/** The failed checks' messages, the time it took and how much the heap grew. */
async function refusal(ref: string) {
  const heap0 = process.memoryUsage().rss, tensors0 = tf.memory().numTensors, t0 = performance.now();
  try {
    (await loadReferenceWithReport(ref)).model.dispose();
  } catch (e) {
    const failed = e instanceof ByomError ? e.checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`) : [(e as Error).message];
    return {failed, ms: performance.now() - t0, grewMB: (process.memoryUsage().rss - heap0) / 2 ** 20, tensors: tf.memory().numTensors - tensors0};
  }
  assert.fail(`${ref} loaded`);
}

const EXPECTED: Record<string, RegExp> = {
  "giant-weights": /^format: model.json declares more than 268,435,456 weight values \(4\.5 GiB or more as float32\): too large to load in a browser tab$/,
  "giant-input": /^image input: an input of 100000x100000 pixels: this site handles sides from 1 to 2048$/,
  "giant-topology": /^format: layer "out" declares size 1000000, which none of its weights in model.json has/,
  "giant-kernel": /^format: layer "conv1" declares size 40000, which none of its weights/,
  "missing-shard": /^format: weight file "weights.bin" named in model.json could not be read \(ENOENT/,
  "short-shard": /^format: the weight files hold 274 bytes but model.json declares 548: a weight file is truncated/,
  "float64-weights": /^format: weight "conv1\/kernel" has dtype float64; model weights here are float32, int32 or bool$/,
  "string-weights": /^format: weight "conv1\/kernel" has dtype string/,
  "bad-shape": /^format: weight "conv1\/kernel" has shape \[3,-3,3\.5,"4"\]; a shape is a list of whole numbers >= 0$/,
  "shard-outside": /^format: model.json names the weight file "..\/..\/..\/..\/etc\/passwd" outside its own folder/,
  "no-layers": /^format: model.json's layers model has no list of layers$/,
};

test("every hostile model.json is refused in well under a second, with one message, allocating nothing large", async () => {
  assert.deepEqual(Object.keys(models).sort(), Object.keys(EXPECTED).sort());
  for (const [name, file] of Object.entries(models)) {
    const r = await refusal(`${file}#range=0,1`);
    assert.equal(r.failed.length, 1, `${name}: ${r.failed.join(" | ")}`);
    assert.match(r.failed[0], EXPECTED[name], name);
    assert.ok(!r.failed[0].includes("\n"), `${name}: one line`);
    assert.ok(r.ms < 2000, `${name} took ${r.ms.toFixed(0)} ms`);
    assert.ok(r.grewMB < 200, `${name} grew the process by ${r.grewMB.toFixed(0)} MB`);
    assert.equal(r.tensors, 0, `${name} left tensors behind`);
  }
});

test("weight paths stay beside model.json", () => {
  for (const ok of ["weights.bin", "group1-shard1of2.bin", "sub/w.bin"]) assert.equal(checkShardPath(ok), ok);
  for (const bad of ["../w.bin", "/etc/passwd", "C:\\w.bin", "https://evil.example/w.bin", "file:///etc/passwd", "a/../../w.bin", "", 7]) {
    assert.throws(() => checkShardPath(bad), /outside its own folder|empty or non-text/, String(bad));
  }
});

test("a truncated or corrupted .tflite: one clear message, no crash", async (t) => {
  if (!requireMirror(t, "google-coral")) return;
  const original = fs.readFileSync(path.join(MIRROR, "google-coral/test_data/104342d2d3480b3e66203073dac24f4e2dbb4c41/mobilenet_v2_1.0_224_quant.tflite"));
  const rng = makeRng(5);
  const cases: Array<[string, Buffer]> = [
    ["empty", Buffer.alloc(0)],
    ["header only", original.subarray(0, 8)],
    ["first KiB", original.subarray(0, 1024)],
    ["first half", original.subarray(0, original.length >> 1)],
    ["all but the last 64 KiB", original.subarray(0, original.length - 65536)],
    ["TFL3 then random bytes", Buffer.concat([original.subarray(0, 8), Buffer.from(Array.from({length: 4096}, () => rng.int(256)))])],
  ];
  for (const [what, bytes] of cases) {
    const file = path.join(dir, `${what.replace(/\W+/g, "-")}.tflite`);
    fs.writeFileSync(file, bytes);
    let message = "";
    try {
      (await loadReferenceWithReport(file)).model.dispose();
      message = "loaded";
    } catch (e) {
      message = e instanceof Error ? e.message : String(e);
    }
    assert.match(message, /^format: (not a TFLite flatbuffer|the \.tflite file cannot be read|operators the reader)/, `${what}: ${message}`);
    assert.ok(!message.includes("\n"), `${what}: one line`);
  }
});
