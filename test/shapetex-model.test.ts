// The committed networks in models/shapetex*/: they load through tf.loadLayersModel, classify
// fresh ShapeTex images (a seed never used in training) at >= 95%, and are fully
// convolutional. Also the pieces they are built from: BlurPool's maths and the training's
// fast Conv2D gradient.
import {test} from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type {Tensor, Tensor4D} from "@tensorflow/tfjs";
import {initTf} from "../data/node/tf.ts";
import {fileHandler} from "../data/train/model-files.ts";
import {accuracy, predictClasses} from "../data/train/evaluate.ts";
import {stride1FilterGradient, stride1InputGradient} from "../components/tf/wasm-gradients.ts";
import {makeShapeTexBatch, SHAPES} from "../components/datasets/shapetex.ts";
import {buildShapeTexNet, ensureCustomLayersRegistered, SHAPETEX_LAYERS} from "../components/models/shapetex-net.ts";
import {maxBlurPool} from "../components/models/blurpool.ts";

const tf = await initTf();
ensureCustomLayersRegistered();

interface Meta {
  id: string;
  inputSize: [number, number];
  labels: string[];
  preprocess: {scale: number; offset: number};
  textureAgreement: number;
  seed: number;
}

async function load(id: string) {
  const dir = path.resolve("models", id);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8")) as Meta;
  const model = await tf.loadLayersModel(fileHandler(path.join(dir, "model.json")));
  return {meta, model};
}

for (const id of ["shapetex", "shapetex-blurpool"]) {
  test(`${id}: loads, and classifies 500 fresh in-distribution images at >= 95%`, async () => {
    const {meta, model} = await load(id);
    assert.equal(meta.id, id);
    assert.deepEqual(meta.labels, [...SHAPES]);
    assert.deepEqual(model.layers.map((l) => l.name), ["input", ...SHAPETEX_LAYERS]);
    const [size] = meta.inputSize;
    // 777001 never seeds training: training batches use deriveSeed(seed, epoch, batch)
    const data = makeShapeTexBatch(777001, 500, {size, textureAgreement: meta.textureAgreement});
    const acc = accuracy(predictClasses(model, data, meta.preprocess), data.shapes);
    console.log(`${id}: accuracy ${(100 * acc).toFixed(1)}% on 500 fresh images`);
    assert.ok(acc >= 0.95, `${id} accuracy ${acc}`);
    const weightBytes = fs.statSync(path.resolve("models", id, "weights.bin")).size;
    assert.ok(weightBytes < 2 * 1024 * 1024, `${id} weights ${weightBytes} bytes`);
    model.dispose();
  });

  test(`${id}: fully convolutional (accepts twice its training size)`, async () => {
    const {meta, model} = await load(id);
    const [size] = meta.inputSize;
    const probs = tf.tidy(() => {
      const x = tf.randomUniform([2, 2 * size, 2 * size, 3], 0, 1, "float32", 3).mul(meta.preprocess.scale).add(meta.preprocess.offset);
      return (model.predict(x) as Tensor).arraySync() as number[][];
    });
    assert.equal(probs.length, 2);
    for (const p of probs) {
      assert.equal(p.length, SHAPES.length);
      assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-4);
    }
    model.dispose();
  });
}

test("the blur-pool network carries the custom BlurPool layer, the plain one does not", async () => {
  const blur = (await load("shapetex-blurpool")).model, plain = (await load("shapetex")).model;
  const kinds = (m: typeof blur) => m.layers.map((l) => l.getClassName());
  assert.deepEqual(blur.layers.filter((l) => l.getClassName() === "BlurPool").map((l) => l.name), ["pool1", "pool2", "pool3"]);
  assert.ok(!kinds(plain).includes("BlurPool"));
  assert.ok(kinds(plain).includes("MaxPooling2D"));
  blur.dispose();
  plain.dispose();
});

test("BlurPool = dense 2x2 max, then a [1,2,1]x[1,2,1]/16 depthwise blur with stride 2", () => {
  tf.tidy(() => {
    for (const h of [8, 9]) {
      const x = tf.randomNormal([2, h, h, 3], 0, 1, "float32", 4) as Tensor4D;
      const k1 = tf.tensor1d([1, 2, 1]);
      const kernel = tf.outerProduct(k1, k1).div(16).reshape([3, 3, 1, 1]).tile([1, 1, 3, 1]) as Tensor4D;
      const dense = tf.maxPool(x, 2, 1, "same");
      const padded = tf.pad(dense, [[0, 0], [1, 1 + (h % 2)], [1, 1 + (h % 2)], [0, 0]]);
      const reference = tf.depthwiseConv2d(padded, kernel, 2, "valid");
      const ours = maxBlurPool(x);
      assert.deepEqual(ours.shape, [2, Math.ceil(h / 2), Math.ceil(h / 2), 3]);
      assert.ok(ours.sub(reference).abs().max().dataSync()[0] < 1e-5);
    }
  });
});

test("same seed, same initial weights; another seed, others", () => {
  const w = (seed: number) => {
    const m = buildShapeTexNet({variant: "blurpool", classes: 6, seed});
    const values = m.getWeights().map((t) => Array.from(t.dataSync()));
    m.dispose();
    return values;
  };
  const a = w(5);
  assert.deepEqual(a, w(5));
  assert.notDeepEqual(a[0], w(6)[0]);
});

/** tfjs's own gradients of a stride-1 conv on the cpu backend, as plain arrays. */
async function cpuReference(h: number, k: number, pad: "same" | "valid") {
  const warn = console.warn;
  console.warn = () => {}; // the cpu backend's first use suggests installing tfjs-node
  try {
    await tf.setBackend("cpu");
    return tf.tidy(() => {
      const x = tf.randomNormal([2, h, h, 3], 0, 1, "float32", 1) as Tensor4D;
      const w = tf.randomNormal([k, k, 3, 4], 0, 1, "float32", 2) as Tensor4D;
      const dy = tf.randomNormal(tf.conv2d(x, w, 1, pad).shape, 0, 1, "float32", 3) as Tensor4D;
      const dx = tf.grad((xx) => tf.conv2d(xx as Tensor4D, w, 1, pad).mul(dy).sum())(x);
      const dw = tf.grad((ww) => tf.conv2d(x, ww as Tensor4D, 1, pad).mul(dy).sum())(w);
      return [x, w, dy, dx, dw].map((t) => ({shape: t.shape as [number, number, number, number], data: t.dataSync().slice()}));
    });
  } finally {
    await tf.setBackend("wasm");
    console.warn = warn;
  }
}

test("the training's fast stride-1 Conv2D gradient matches tfjs's cpu reference", async () => {
  for (const [h, k, pad] of [[8, 3, "same"], [9, 3, "valid"], [6, 5, "same"]] as const) {
    const ref = await cpuReference(h, k, pad);
    const [errX, errW] = tf.tidy(() => {
      const [x, w, dy, dx, dw] = ref.map((t) => tf.tensor4d(t.data, t.shape));
      return [
        stride1InputGradient(x.shape, dy, w, pad).sub(dx).abs().max().dataSync()[0],
        stride1FilterGradient(x, dy, w.shape, pad).sub(dw).abs().max().dataSync()[0],
      ];
    });
    assert.ok(errX < 1e-4 && errW < 1e-4, `${JSON.stringify({h, k, pad})}: dx ${errX}, dW ${errW}`);
  }
});
