// The training step's JS replacements for slow wasm kernels must give wasm's own bits: the
// committed networks were trained with wasm's kernels, and their training must recompute
// exactly (test/texture-precomputed.test.ts retrains a reference run).
import {test} from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {initTf} from "../data/node/tf.ts";
import {nativeWasmMaxPoolGrad} from "../components/tf/wasm-heap-kernels.ts";
import {flipAndSwap} from "../components/tf/wasm-gradients.ts";
import {buildShapeTexNet} from "../components/models/shapetex-net.ts";

/** Elements whose bits differ (Object.is: -0 and +0 count as different). */
function bitsDiffer(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

/** A seeded input full of ties: 40% zeros, 10% ones, the rest on a grid of quarters. */
function tiedValues(n: number, seed: number): Float32Array {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Float32Array.from({length: n}, () => {
    const r = next();
    return r < 0.4 ? 0 : r < 0.5 ? 1 : Math.round((r - 0.5) * 8) / 4;
  });
}

function bothMaxPoolGrads(x: tf.Tensor4D, dy: tf.Tensor, attrs: {filterSize: number; strides: number; pad: "same" | "valid"}) {
  const native = nativeWasmMaxPoolGrad();
  assert.ok(native, "initTf registers the heap MaxPoolGrad and keeps wasm's");
  const output = tf.maxPool(x, attrs.filterSize, attrs.strides, attrs.pad);
  const inputs = {dy, input: x, output};
  const ours = (tf.engine().runKernel("MaxPoolGrad", inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync();
  const theirs = tf.engine().makeTensorFromTensorInfo(native!.kernelFunc({inputs, attrs: attrs as unknown as tf.NamedAttrMap, backend: tf.backend()}) as tf.TensorInfo).dataSync();
  return {ours, theirs};
}

test("MaxPoolGrad on the heap gives wasm's bits: ties, zeros, -0, padding and overlapping windows", async () => {
  await initTf("wasm");
  const cases: Array<[[number, number, number, number], number, number, "same" | "valid"]> = [
    [[4, 32, 32, 16], 2, 2, "same"], // ShapeTex's pools
    [[2, 15, 15, 8], 3, 2, "same"], // GoogLeNet's: overlapping, padded on odd sizes
    [[2, 14, 14, 8], 3, 2, "valid"],
    [[2, 9, 9, 4], 3, 1, "same"], // inception's pool branch
    [[2, 7, 7, 4], 2, 2, "same"],
  ];
  cases.forEach(([shape, filterSize, strides, pad], k) => tf.tidy(() => {
    const x = tf.tensor4d(tiedValues(shape.reduce((a, b) => a * b), 1 + k), shape);
    const outShape = tf.maxPool(x, filterSize, strides, pad).shape;
    const g = tiedValues(outShape.reduce((a, b) => a * b), 100 + k).map((v, i) => (i % 7 === 0 ? -0 : v - 0.6));
    const {ours, theirs} = bothMaxPoolGrads(x, tf.tensor(g, outShape), {filterSize, strides, pad});
    assert.equal(bitsDiffer(ours, theirs), 0, `${JSON.stringify(shape)} ${filterSize}/${strides} ${pad}`);
    assert.ok(theirs.some((v) => v !== 0), "the case routes some gradient");
  }));
});

test("MaxPoolGrad on the heap gives wasm's bits on a ShapeTex network's own activations", async () => {
  await initTf("wasm");
  const model = buildShapeTexNet({variant: "plain", classes: 6, seed: 3});
  tf.tidy(() => {
    const images = tf.randomUniform([8, 32, 32, 3], -1, 1, "float32", 5);
    for (const name of ["conv1_2", "conv2_2", "conv3_2"]) {
      const x = tf.model({inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor}).predict(images) as tf.Tensor4D;
      const dy = tf.randomNormal(tf.maxPool(x, 2, 2, "same").shape, 0, 1, "float32", 7);
      const {ours, theirs} = bothMaxPoolGrads(x, dy, {filterSize: 2, strides: 2, pad: "same"});
      assert.equal(bitsDiffer(ours, theirs), 0, name);
    }
  });
  model.dispose();
});

test("flipAndSwap moves a filter's values as reverse + transpose do", async () => {
  await initTf("wasm");
  tf.tidy(() => {
    for (const shape of [[3, 3, 16, 32], [1, 1, 4, 8], [5, 3, 2, 3]] as Array<[number, number, number, number]>) {
      const w = tf.randomNormal(shape, 0, 1, "float32", 9) as tf.Tensor4D;
      const expected = tf.reverse(w, [0, 1]).transpose([0, 1, 3, 2]);
      const got = flipAndSwap(w);
      assert.deepEqual(got.shape, expected.shape);
      assert.equal(bitsDiffer(got.dataSync(), expected.dataSync()), 0, JSON.stringify(shape));
    }
  });
});
