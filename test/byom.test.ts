// Bring your own model: tfjs layers and graph models and .tflite files by path (lab --model),
// validated with messages that say what is wrong; a valid one runs through lab classify.
import {test, describe, before} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {initTf, tf} from "../data/node/tf.ts";
import {isModelReference, loadReferenceWithReport} from "../data/node/byom.ts";
import {ByomError, loadByom, preprocessFromRange} from "../components/zoo/byom.ts";
import {writeGraphCnn, writeLayersCnn} from "./helpers/byom-fixtures.ts";
import {MIRROR, needsMirror} from "./helpers/mirror.ts";


await initTf();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "byom-test-"));
let layersJson = "", graphJson = "", mlpJson = "";
before(async () => {
  layersJson = await writeLayersCnn(path.join(dir, "layers"));
  graphJson = writeGraphCnn(path.join(dir, "graph"));
  mlpJson = await writeLayersCnn(path.join(dir, "mlp"), {conv: false});
});

const failedChecks = async (ref: string) => {
  try {
    (await loadReferenceWithReport(ref)).model.dispose();
  } catch (e) {
    return e instanceof ByomError ? e.checks.filter((c) => !c.ok).map((c) => c.check) : [(e as Error).message];
  }
  return [];
};

describe("bring your own model", () => {
  test("references: ids stay ids, paths and URLs are files", () => {
    assert.equal(isModelReference("mobilenet-v2-1.0"), false);
    assert.equal(isModelReference("net/model.json"), true);
    assert.equal(isModelReference("https://example.org/m.tflite"), true);
    assert.deepEqual(preprocessFromRange([-1, 1]), {scale: 2, offset: -1});
  });

  test("a layers CNN: validated, layers listed, differentiable, no leaks", async () => {
    const {model, report} = await loadReferenceWithReport(`${layersJson}#range=0,1&name=Tiny`);
    const before = tf.memory().numTensors;
    assert.equal(report.format, "layers-model");
    assert.deepEqual(report.inputSize, [32, 32]);
    assert.equal(report.classes, 5);
    assert.equal(report.parameters, 3 * 3 * 3 * 4 + 4 + 4 * 5 + 5);
    assert.deepEqual(report.checks.map((c) => [c.check, c.ok]), [["format", true], ["image input", true], ["conv layers", true], ["forward pass", true]]);
    assert.equal(model.name, "Tiny");
    const x = tf.randomUniform([1, 32, 32, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const g = tf.grad((im) => tf.mean(model.activations(im as tf.Tensor4D, ["conv1"])[0]))(x);
    assert.ok(g.dataSync().some((v) => v !== 0));
    tf.dispose([x, g]);
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });

  test("a graph model: nodes as layers, logits before the softmax, gradients", async () => {
    const {model, report} = await loadReferenceWithReport(`${graphJson}#range=-1,1`);
    assert.equal(report.format, "graph-model");
    assert.deepEqual(model.layers.map((l) => `${l.name}:${l.kind}`), ["conv:conv", "relu:activation", "gap:pool", "logits:dense", "probs:softmax"]);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, "float32", 2) as tf.Tensor4D;
    const [p, z] = [model.probabilities(x), model.logits(x)];
    assert.deepEqual(p.shape, [2, 5]);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.softmax(z), p))).dataSync()[0]);
    assert.ok(diff < 1e-6);
    const g = tf.grad((im) => tf.sum(model.activations(im as tf.Tensor4D, ["relu"])[0]))(x);
    assert.ok(g.dataSync().some((v) => v !== 0));
    tf.dispose([x, p, z, g]);
    model.dispose();
  });

  test("bad models say what is wrong", async () => {
    assert.deepEqual(await failedChecks(`${mlpJson}#range=0,1`), ["conv layers"]);
    assert.deepEqual(await failedChecks(layersJson), ["image input"], "no range given");
    assert.deepEqual(await failedChecks(`${layersJson}#range=0,1&size=64`), ["image input"], "fixed 32x32, 64 asked");
    assert.deepEqual(await failedChecks(`${layersJson}#range=0,1&labels=${path.join(dir, "labels3.txt")}`).catch(() => ["x"]), [`ENOENT: no such file or directory, open '${path.join(dir, "labels3.txt")}'`]);
    fs.writeFileSync(path.join(dir, "labels3.txt"), "a\nb\nc\n");
    assert.deepEqual(await failedChecks(`${layersJson}#range=0,1&labels=${path.join(dir, "labels3.txt")}`), ["labels"]);
    const noShard = path.join(dir, "noshard");
    fs.mkdirSync(noShard);
    fs.copyFileSync(layersJson, path.join(noShard, "model.json"));
    const e = await loadReferenceWithReport(`${path.join(noShard, "model.json")}#range=0,1`).catch((err) => err as Error);
    assert.match((e as Error).message, /weight file "weights.bin" named in model.json could not be read/);
    const junk = path.join(dir, "junk.tflite");
    fs.writeFileSync(junk, "not a flatbuffer at all");
    assert.deepEqual(await failedChecks(junk), ["format"]);
    const notJson = await loadByom({kind: "tfjs", modelJson: {hello: 1}, readShard: async () => new ArrayBuffer(0), origin: "x.json"}, {range: [0, 1]}).catch((err) => err as Error);
    assert.match((notJson as Error).message, /format: not a tfjs model.json/);
  });

  test("lab classify --model PATH (layers model with a sidecar meta.json)", {skip: needsMirror}, () => {
    fs.writeFileSync(path.join(dir, "layers", "meta.json"), JSON.stringify({name: "Tiny CNN", range: [0, 1], labels: ["a", "b", "c", "d", "e"]}));
    const r = spawnSync("npm", ["run", "--silent", "lab", "--", "classify", "--model", layersJson, "--image", "skimage/coffee.png", "--top", "2", "--json"], {encoding: "utf8", env: process.env});
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.top.length, 2);
    assert.ok(["a", "b", "c", "d", "e"].includes(out.top[0].label));
  });

  test("lab classify --model PATH.tflite: the reader's own file, labels by fragment", {skip: needsMirror}, () => {
    const file = path.join(MIRROR, "google-coral/test_data/104342d2d3480b3e66203073dac24f4e2dbb4c41/mobilenet_v2_1.0_224_quant.tflite");
    const labels = path.join(path.dirname(file), "imagenet_labels.txt");
    const r = spawnSync("npm", ["run", "--silent", "lab", "--", "classify", "--model", `${file}#labels=${labels}`, "--image", "coral/parrot.jpg", "--top", "1", "--json"], {encoding: "utf8", env: process.env});
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match(out.top[0].label, /^macaw/); // 1001 outputs kept as the file has them: index 89 = 88 + background
    assert.equal(out.top[0].index, 89);
  });
});
