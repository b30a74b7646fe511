// The model zoo: ImageNet networks from the mirror classify known photos, activations and
// input gradients work on wasm, packed files round-trip; plus image decoding and preparation.
import {MODEL_IDS} from "../components/zoo/registry.ts";
import {test, describe, before, after} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {initTf, tf} from "../data/node/tf.ts";
import {listModels, loadModel, packModelById} from "../data/node/zoo.ts";
import {decodeBmp, decodeImage, readImage} from "../data/node/image-io.ts";
import {resolveAsset} from "../data/assets/resolve.ts";
import {toModelInput} from "../components/image/prepare.ts";
import {loadPackedModel, unpackModel} from "../components/zoo/packed.ts";
import {topK} from "../components/zoo/topk.ts";
import {buildShapeTexNet} from "../components/models/shapetex-net.ts";
import {registerWasmBackpropKernels} from "../components/tf/wasm-gradients.ts";
import type {ZooModel} from "../components/zoo/types.ts";
import {needsMirror} from "./helpers/mirror.ts";


await initTf();
// tfjs-layers runs linear Conv2D layers as fused convs whose custom gradient calls the
// Conv2DBackpropFilter kernel directly; wasm lacks it (see components/tf/wasm-gradients.ts).
registerWasmBackpropKernels();

async function photo(id: string, model: ZooModel): Promise<tf.Tensor4D> {
  const img = readImage(await resolveAsset(id));
  return toModelInput(img.data, img.width, img.height, model.inputSize);
}

/** Standard ImageNet indices of the top 5 (darknet outputs are mapped through standardIndexOf). */
async function top5Standard(model: ZooModel, id: string): Promise<number[]> {
  const x = await photo(id, model);
  try {
    return (await topK(model, x, 5)).map((p) => p.standardIndex ?? p.index);
  } finally {
    x.dispose();
  }
}

const CATS = [281, 282, 283, 284, 285]; // tabby, tiger cat, Persian, Siamese, Egyptian cat

describe("ImageNet networks from the mirror", {skip: needsMirror}, () => {
  const models: Record<string, ZooModel> = {};
  before(async () => {
    for (const id of ["mobilenet-v1-0.25", "tiny-darknet"]) models[id] = await loadModel(id);
  });
  after(() => Object.values(models).forEach((m) => m.dispose()));

  for (const id of ["mobilenet-v1-0.25", "tiny-darknet"]) {
    test(`${id}: chelsea -> a cat, coffee -> espresso or cup, parrot -> macaw (top 5)`, async () => {
      const m = models[id];
      const chelsea = await top5Standard(m, "skimage/chelsea.png");
      assert.ok(chelsea.some((i) => CATS.includes(i)), `chelsea top-5 ${chelsea}`);
      const coffee = await top5Standard(m, "skimage/coffee.png");
      assert.ok(coffee.includes(967) || coffee.includes(968), `coffee top-5 ${coffee}`);
      const parrot = await top5Standard(m, "coral/parrot.jpg");
      assert.ok(parrot.includes(88), `parrot top-5 ${parrot}`);
    });
  }

  test("class orders: MobileNet is standard, darknet is a permutation whose names agree by WordNet id", () => {
    const mobilenet = models["mobilenet-v1-0.25"], darknet = models["tiny-darknet"];
    assert.deepEqual(mobilenet.standardIndexOf, [...Array(1000).keys()]);
    const map = darknet.standardIndexOf!;
    assert.deepEqual([...map].sort((a, b) => a - b), [...Array(1000).keys()]);
    assert.notDeepEqual(map, mobilenet.standardIndexOf);
    assert.equal(darknet.labels[0], "kit fox");
    assert.equal(map[0], 278); // n02119789 kit fox
    for (let i = 0; i < 1000; i++) assert.equal(darknet.labels[i], mobilenet.labels[map[i]], `darknet class ${i}`);
  });

  test("activations have the listed shapes, for every listed layer", () => {
    for (const m of Object.values(models)) {
      const names = m.layers.map((l) => l.name);
      const outs = tf.tidy(() => m.activations(tf.fill([1, ...m.inputSize, 3], 0.5) as tf.Tensor4D, names));
      outs.forEach((o, i) => assert.deepEqual(o.shape.slice(1), m.layers[i].shape, `${m.id} ${names[i]}`));
      tf.dispose(outs);
    }
    const shapes = Object.fromEntries(models["mobilenet-v1-0.25"].layers.map((l) => [l.name, l.shape]));
    assert.deepEqual(shapes["conv1_relu"], [112, 112, 8]);
    assert.deepEqual(shapes["conv_pw_13_relu"], [7, 7, 256]);
    assert.equal(models["mobilenet-v1-0.25"].layers.find((l) => l.name === "conv_dw_5")!.kind, "depthwise");
    const darknet = Object.fromEntries(models["tiny-darknet"].layers.map((l) => [l.name, l]));
    assert.deepEqual(darknet["leaky_re_lu_15"].shape, [14, 14, 128]);
    assert.equal(darknet["max_pooling2d_4"].kind, "pool");
  });

  test("logits are the scores before the softmax", async () => {
    const m = models["mobilenet-v1-0.25"];
    const x = await photo("skimage/chelsea.png", m);
    const [logits, probs, ownSoftmax] = tf.tidy(() => [m.logits(x), m.probabilities(x), m.activations(x, ["act_softmax"])[0].reshape([1, 1000])]);
    assert.deepEqual(logits.shape, [1, 1000]);
    const sumLogits = (await logits.sum().data())[0];
    assert.ok(Math.abs(sumLogits - 1) > 1, `logits must not be probabilities (sum ${sumLogits})`);
    const diff = (await tf.max(tf.abs(tf.sub(probs, ownSoftmax))).data())[0];
    assert.ok(diff < 1e-5, `softmax(logits) vs the network's own act_softmax: ${diff}`);
    // Tiny Darknet has no softmax layer: its output is the logits, probabilities sum to 1
    const d = models["tiny-darknet"];
    const y = await photo("skimage/chelsea.png", d);
    const [dl, dp] = tf.tidy(() => [d.logits(y), d.probabilities(y)]);
    assert.ok((await dl.min().data())[0] < 0, "darknet logits take negative values");
    assert.ok(Math.abs((await dp.sum().data())[0] - 1) < 1e-4);
    tf.dispose([x, y, logits, probs, ownSoftmax, dl, dp]);
  });

  test("input gradient of a channel mean through MobileNet's depthwise convs works on wasm", async () => {
    assert.equal(tf.getBackend(), "wasm");
    const m = models["mobilenet-v1-0.25"];
    const x = await photo("skimage/chelsea.png", m);
    const before = tf.memory().numTensors;
    const g = tf.tidy(() => tf.grad((img: tf.Tensor) => tf.mean(m.activations(img as tf.Tensor4D, ["conv_pw_5_relu"])[0].slice([0, 0, 0, 3], [-1, -1, -1, 1])))(x));
    assert.deepEqual(g.shape, x.shape);
    const [absMax, finite] = tf.tidy(() => [tf.max(tf.abs(g)).dataSync()[0], tf.all(tf.isFinite(g)).dataSync()[0]]);
    assert.ok(absMax > 0, "the gradient is not zero");
    assert.equal(finite, 1);
    g.dispose();
    assert.equal(tf.memory().numTensors, before, "no tensors leaked");
    x.dispose();
  });

  test("packModel / loadPackedModel round-trip to identical predictions", async () => {
    for (const id of ["mobilenet-v1-0.25", "tiny-darknet"]) {
      const bytes = await packModelById(id);
      const {meta} = unpackModel(bytes);
      assert.equal(meta.id, id);
      // a page gets an ArrayBuffer of exactly the file
      const packed = await loadPackedModel(bytes.slice().buffer);
      const m = models[id];
      assert.deepEqual(packed.labels, m.labels);
      assert.deepEqual(packed.standardIndexOf, m.standardIndexOf);
      assert.deepEqual(packed.layers, m.layers);
      assert.deepEqual(packed.inputSize, m.inputSize);
      const x = await photo("coral/parrot.jpg", m);
      const [a, b] = tf.tidy(() => [m.probabilities(x), packed.probabilities(x)]);
      assert.deepEqual(Array.from(await a.data()), Array.from(await b.data()));
      tf.dispose([a, b, x]);
      packed.dispose();
    }
  });
});

describe("embedded models and the registry", () => {
  let dir: string;
  const saved = process.env.ZOO_MODELS_DIR;
  before(async () => {
    // a throwaway blur-pool net saved the way the training pipeline does: model.json + .bin + meta.json
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zoo-models-"));
    const net = buildShapeTexNet({variant: "blurpool", classes: 3, seed: 7, widths: [4, 4, 4]});
    const out = path.join(dir, "shapetex-blurpool");
    fs.mkdirSync(out);
    await net.save(tf.io.withSaveHandler(async (art) => {
      const data = Array.isArray(art.weightData) ? Buffer.concat(art.weightData.map((b) => Buffer.from(b))) : Buffer.from(art.weightData!);
      fs.writeFileSync(path.join(out, "weights.bin"), data);
      fs.writeFileSync(path.join(out, "model.json"), JSON.stringify({modelTopology: art.modelTopology, weightsManifest: [{paths: ["weights.bin"], weights: art.weightSpecs}]}));
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: "JSON"}};
    }));
    net.dispose();
    fs.writeFileSync(path.join(out, "meta.json"), JSON.stringify({id: "shapetex-blurpool", name: "test net", inputSize: [32, 32], labels: ["a", "b", "c"], preprocess: {scale: 1, offset: 0}}));
    process.env.ZOO_MODELS_DIR = dir;
  });
  after(() => {
    if (saved === undefined) delete process.env.ZOO_MODELS_DIR;
    else process.env.ZOO_MODELS_DIR = saved;
    fs.rmSync(dir, {recursive: true, force: true});
  });

  test("an embedded blur-pool net loads, lists its layers, and its logits feed its softmax", async () => {
    const status = await listModels();
    assert.deepEqual(status.find((s) => s.id === "shapetex-blurpool"), {id: "shapetex-blurpool", name: "ShapeTex CNN (blur-pool)", available: true});
    assert.match(status.find((s) => s.id === "shapetex")!.reason!, /not trained yet/);
    const m = await loadModel("shapetex-blurpool");
    assert.deepEqual(m.layers.filter((l) => l.kind === "blurpool").map((l) => [l.name, l.shape]), [["pool1", [16, 16, 4]], ["pool2", [8, 8, 4]], ["pool3", [4, 4, 4]]]);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const [logits, dense, probs, softmax] = tf.tidy(() => [m.logits(x), m.activations(x, ["logits"])[0], m.probabilities(x), m.activations(x, ["softmax"])[0]]);
    assert.deepEqual(logits.shape, [2, 3]);
    assert.deepEqual(Array.from(await logits.data()), Array.from(await dense.data()));
    assert.ok((await tf.max(tf.abs(tf.sub(probs, softmax))).data())[0] < 1e-6);
    const packed = await loadPackedModel(await packModelById("shapetex-blurpool"));
    const p2 = packed.probabilities(x);
    assert.deepEqual(Array.from(await p2.data()), Array.from(await probs.data()));
    tf.dispose([x, logits, dense, probs, softmax, p2]);
    packed.dispose();
    m.dispose();
  });

  test("unknown ids list the valid ones; damaged packed files are refused", async () => {
    await assert.rejects(loadModel("resnet-152"), (e: Error) => e.message === `unknown model "resnet-152" (valid: ${MODEL_IDS.join(", ")})` && MODEL_IDS.includes("tiny-darknet"));
    await assert.rejects(loadPackedModel(new TextEncoder().encode("PK\u0003\u0004 not a model").buffer), /bad magic/);
    const bytes = await packModelById("shapetex-blurpool");
    await assert.rejects(loadPackedModel(bytes.slice(0, bytes.length - 4)), /expected \d+ weight bytes, found \d+/);
  });
});

describe("image decoding and preparation", () => {
  /** A BMP by hand: 24-bit bottom-up (rows padded to 4 bytes) or 32-bit top-down BGRA. */
  function bmp(width: number, height: number, bpp: 24 | 32, pixel: (x: number, y: number) => [number, number, number, number]): Uint8Array {
    const stride = Math.ceil((width * bpp) / 32) * 4, offset = 54;
    const b = Buffer.alloc(offset + stride * height);
    b.write("BM", 0, "ascii");
    b.writeUInt32LE(b.length, 2);
    b.writeUInt32LE(offset, 10);
    b.writeUInt32LE(40, 14);
    b.writeInt32LE(width, 18);
    b.writeInt32LE(bpp === 24 ? height : -height, 22);
    b.writeUInt16LE(1, 26);
    b.writeUInt16LE(bpp, 28);
    for (let y = 0; y < height; y++) {
      const row = offset + (bpp === 24 ? height - 1 - y : y) * stride;
      for (let x = 0; x < width; x++) {
        const [r, g, bl, a] = pixel(x, y), p = row + (x * bpp) / 8;
        b[p] = bl, b[p + 1] = g, b[p + 2] = r;
        if (bpp === 32) b[p + 3] = a;
      }
    }
    return b;
  }

  test("BMP: 24-bit bottom-up with row padding and 32-bit top-down decode pixel-exact", () => {
    const pixel = (x: number, y: number): [number, number, number, number] => [x * 40, y * 60, 200 - x * 10 - y, 255];
    for (const bpp of [24, 32] as const) {
      const img = decodeBmp(bmp(3, 2, bpp, pixel));
      assert.equal(img.width, 3);
      assert.equal(img.height, 2);
      const want = [0, 1].flatMap((y) => [0, 1, 2].flatMap((x) => pixel(x, y)));
      assert.deepEqual(Array.from(img.data), want, `${bpp}-bit`);
    }
  });

  test("PNG, JPEG and BMP photos from the mirror decode to their sizes", {skip: needsMirror}, async () => {
    const sizes: Record<string, [number, number]> = {"skimage/chelsea.png": [451, 300], "coral/parrot.jpg": [512, 929], "coral/cat.bmp": [512, 341], "skimage/camera.png": [512, 512]};
    for (const [id, [w, h]] of Object.entries(sizes)) {
      const img = readImage(await resolveAsset(id));
      assert.deepEqual([img.width, img.height, img.data.length], [w, h, w * h * 4], id);
      let sum = 0;
      for (let i = 0; i < img.data.length; i += 4) sum += img.data[i];
      const mean = sum / (w * h);
      assert.ok(mean > 20 && mean < 235, `${id}: mean red ${mean} looks like a photo`);
    }
  });

  test("non-images and corrupt files fail with 'not an image'", () => {
    assert.throws(() => decodeImage(new TextEncoder().encode("{\"json\": true}"), "x.json"), /^Error: not an image: x\.json \(not PNG, JPEG or BMP\)$/);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]);
    assert.throws(() => decodeImage(png, "cut.png"), /^Error: not an image: cut\.png \(corrupt PNG: /);
    const cut = bmp(4, 4, 24, () => [1, 2, 3, 255]).subarray(0, 80);
    assert.throws(() => decodeImage(cut, "cut.bmp"), /^Error: not an image: cut\.bmp \(corrupt BMP: BMP pixel data truncated/);
    assert.throws(() => readImage("/nonexistent/photo.png"), /cannot read image \/nonexistent\/photo\.png: ENOENT/);
  });

  test("toModelInput: alpha over white, grayscale to RGB, crop vs stretch, huge images", async () => {
    // 1x1 transparent red -> white; half-transparent black -> mid grey
    const px = async (rgba: number[]) => Array.from(await tf.tidy(() => toModelInput(rgba, 1, 1, [1, 1])).data());
    assert.deepEqual(await px([255, 0, 0, 0]), [1, 1, 1]);
    assert.deepEqual((await px([0, 0, 0, 127.5])).map((v) => +v.toFixed(3)), [0.5, 0.5, 0.5]);
    // grayscale (1 channel) spreads to three equal channels
    assert.deepEqual((await px([51])).map((v) => +v.toFixed(3)), [0.2, 0.2, 0.2]);
    // a 4x2 image whose columns are 0, 85, 170, 255: center-crop to 2x2 keeps the middle columns
    const cols = new Uint8ClampedArray(4 * 2 * 4).map((_, i) => (i % 4 === 3 ? 255 : [0, 85, 170, 255][(i >> 2) % 4]));
    const crop = tf.tidy(() => toModelInput(cols, 4, 2, [2, 2], {fit: "center-crop"}));
    assert.deepEqual(Array.from(await crop.slice([0, 0, 0, 0], [1, 1, 2, 1]).data()).map((v) => +v.toFixed(3)), [0.333, 0.667]);
    const stretch = tf.tidy(() => toModelInput(cols, 4, 2, [2, 2], {fit: "stretch"}));
    const s = Array.from(await stretch.slice([0, 0, 0, 0], [1, 1, 2, 1]).data());
    assert.ok(s[0] < 0.2 && s[1] > 0.8, `stretch squeezes all four columns in: ${s}`);
    // a 4000x3000 image (48 MB of RGBA) comes down to 224x224, its left/right halves intact
    const w = 4000, h = 3000, big = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) big.set((i % w) < w / 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], i * 4);
    const small = tf.tidy(() => toModelInput(big, w, h, [224, 224]));
    assert.deepEqual(small.shape, [1, 224, 224, 3]);
    const row = await small.slice([0, 100, 0, 0], [1, 1, 224, 3]).data();
    assert.deepEqual([row[0], row[2], row[223 * 3], row[223 * 3 + 2]], [1, 0, 0, 1]);
    tf.dispose([crop, stretch, small]);
  });
});
