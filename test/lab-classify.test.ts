// `npm run --silent lab -- classify|models --json`: stdout is JSON and nothing else.
import {test, describe} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {MODEL_IDS} from "../components/zoo/registry.ts";

const MIRROR = process.env.ASSET_MIRROR ?? path.resolve("../shared/assets");
const HAVE_MIRROR = fs.existsSync(path.join(MIRROR, "SHA256SUMS"));
if (!HAVE_MIRROR && process.env.CI === "true") throw new Error(`asset mirror missing at ${MIRROR} (set ASSET_MIRROR); CI needs it`);
const skip = HAVE_MIRROR ? false : `asset mirror not found at ${MIRROR} (set ASSET_MIRROR to run these tests)`;

const CHELSEA = path.join(MIRROR, "scikit-image/scikit-image/c1af2bf80d2c8845bbbf06222f87e8b58a8e5c1e/skimage/data/chelsea.png");

function lab(...args: string[]) {
  const r = spawnSync("npm", ["run", "--silent", "lab", "--", ...args], {encoding: "utf8", env: {...process.env, ASSET_MIRROR: MIRROR}, timeout: 120_000});
  return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

describe("lab CLI", {skip}, () => {
  test("classify --model mobilenet-v1-0.25 --image chelsea.png --json: five classes, a cat first", () => {
    const r = lab("classify", "--model", "mobilenet-v1-0.25", "--image", CHELSEA, "--json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.model, "mobilenet-v1-0.25");
    assert.equal(out.top.length, 5);
    for (const p of out.top) assert.deepEqual(Object.keys(p).sort(), ["index", "label", "probability", "standardIndex"]);
    assert.ok([281, 282, 283, 284, 285].includes(out.top[0].index), `top-1 ${JSON.stringify(out.top[0])}`);
    const probs = out.top.map((p: {probability: number}) => p.probability);
    assert.deepEqual(probs, [...probs].sort((a, b) => b - a), "sorted by probability");
    const mass = probs.reduce((a: number, b: number) => a + b, 0);
    assert.ok(mass > 0.5 && mass <= 1 + 1e-6, `top-5 mass ${mass}`);
  });

  test("models --json: the ImageNet networks are available with their layers", () => {
    const r = lab("models", "--json");
    assert.equal(r.code, 0, r.stderr);
    const {models} = JSON.parse(r.stdout);
    assert.deepEqual(models.map((m: {id: string}) => m.id), MODEL_IDS, "every registry entry, in registry order");
    for (const m of models) if (!m.available) assert.ok(m.reason, `${m.id} unavailable without a reason`);
    const mobilenet = models.find((m: {id: string}) => m.id === "mobilenet-v1-0.25");
    assert.equal(mobilenet.available, true);
    assert.deepEqual(mobilenet.inputSize, [224, 224]);
    assert.equal(mobilenet.classes, 1000);
    assert.deepEqual(mobilenet.layers.find((l: {name: string}) => l.name === "conv_pw_13_relu"), {name: "conv_pw_13_relu", shape: [7, 7, 256], kind: "activation"});
    const darknet = models.find((m: {id: string}) => m.id === "tiny-darknet");
    assert.equal(darknet.available, true);
    assert.deepEqual(darknet.layers[0], {name: "conv2d_1", shape: [224, 224, 16], kind: "conv"});
  });

  test("an unknown model: exit code 1, one line on stderr listing the valid ids, nothing on stdout", () => {
    const r = lab("classify", "--model", "vgg16", "--image", CHELSEA, "--json");
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, `lab classify: unknown model "vgg16" (valid: ${MODEL_IDS.join(", ")})\n`);
  });
});
