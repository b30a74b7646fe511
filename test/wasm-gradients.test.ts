// The replacement gradients must agree with tfjs's own (cpu backend) on random inputs,
// for the strides and paddings our networks and MobileNet use.
import {test} from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import {conv2dFilterGradient, depthwiseInputGradient, depthwiseFilterGradient, registerWasmBackpropKernels, stride1InputGradient} from "../components/tf/wasm-gradients.ts";
import {initTf} from "../data/node/tf.ts";

type Tensor4D = tf.Tensor4D;

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
}

const cases: Array<{h: number; s: 1 | 2; pad: "same" | "valid"; k: number}> = [
  {h: 8, s: 1, pad: "same", k: 3}, {h: 9, s: 2, pad: "same", k: 3}, {h: 8, s: 2, pad: "valid", k: 3}, {h: 7, s: 1, pad: "valid", k: 1},
];

test("conv2d filter and depthwise gradients match tfjs's reference kernels", async () => {
  await tf.setBackend("cpu");
  for (const {h, s, pad, k} of cases) {
    const x = tf.randomNormal([2, h, h, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const w = tf.randomNormal([k, k, 3, 4], 0, 1, "float32", 2) as tf.Tensor4D;
    const y = tf.conv2d(x, w, s, pad);
    const dy = tf.randomNormal(y.shape, 0, 1, "float32", 3) as tf.Tensor4D;
    const ref = tf.grad((ww: tf.Tensor) => tf.conv2d(x, ww as tf.Tensor4D, s, pad).mul(dy).sum())(w);
    assert.ok(maxAbsDiff(conv2dFilterGradient(x, dy, w.shape, s, pad), ref) < 1e-3, `conv filter ${JSON.stringify({h, s, pad, k})}`);

    const dw = tf.randomNormal([k, k, 3, 2], 0, 1, "float32", 4) as tf.Tensor4D;
    const yd = tf.depthwiseConv2d(x, dw, s, pad);
    const dyd = tf.randomNormal(yd.shape, 0, 1, "float32", 5) as tf.Tensor4D;
    const refIn = tf.grad((xx: tf.Tensor) => tf.depthwiseConv2d(xx as tf.Tensor4D, dw, s, pad).mul(dyd).sum())(x);
    assert.ok(maxAbsDiff(depthwiseInputGradient(x.shape, dyd, dw, s, pad), refIn) < 1e-3, `depthwise input ${JSON.stringify({h, s, pad, k})}`);
    const refF = tf.grad((ww: tf.Tensor) => tf.depthwiseConv2d(x, ww as tf.Tensor4D, s, pad).mul(dyd).sum())(dw);
    assert.ok(maxAbsDiff(depthwiseFilterGradient(x, dyd, dw.shape, s, pad), refF) < 1e-3, `depthwise filter ${JSON.stringify({h, s, pad, k})}`);
  }
});

test("on wasm, gradients through fused and depthwise convs match the cpu backend's", async () => {
  const grads = () => [1, 2].flatMap((stride) => tf.tidy(() => {
    const x = tf.randomNormal([1, 9, 9, 3], 0, 1, "float32", 7) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, "float32", 8) as tf.Tensor4D;
    const dw = tf.randomNormal([3, 3, 4, 1], 0, 1, "float32", 9) as tf.Tensor4D;
    const f = (xx: tf.Tensor, ww: tf.Tensor) => tf.depthwiseConv2d(tf.fused.conv2d({x: xx as tf.Tensor4D, filter: ww as tf.Tensor4D, strides: stride, pad: "same"}), dw, 1, "same").square().sum();
    const [gx, gw] = tf.grads(f)([x, w]);
    return [Array.from(gx.dataSync()), Array.from(gw.dataSync())];
  }));
  await tf.setBackend("cpu");
  const reference = grads();
  await tf.setBackend("wasm");
  registerWasmBackpropKernels();
  const ours = grads();
  for (let i = 0; i < 4; i++) {
    const worst = Math.max(...ours[i].map((v, j) => Math.abs(v - reference[i][j]) / (1 + Math.abs(reference[i][j]))));
    assert.ok(worst < 1e-3, `gradient ${i} differs by ${worst}`);
  }
});

test("stride-1 input gradient as one explicitly padded conv = the cropped full correlation, bit for bit", async () => {
  const tf = await initTf();
  const cases: Array<[number, number, number, "same" | "valid"]> = [[12, 3, 5, "same"], [9, 3, 4, "valid"], [10, 5, 3, "same"], [8, 4, 2, "same"], [7, 1, 6, "same"]];
  for (const [h, k, c, pad] of cases) {
    tf.tidy(() => {
      const x = tf.randomNormal([4, h, h, c], 0, 1, "float32", 1) as Tensor4D, w = tf.randomNormal([k, k, c, 6], 0, 1, "float32", 2) as Tensor4D;
      const dy = tf.randomNormal(tf.conv2d(x, w, 1, pad).shape, 0, 1, "float32", 3) as Tensor4D;
      const p = tf.backend_util.computeConv2DInfo(x.shape, w.shape, 1, 1, pad).padInfo;
      const flipped = tf.reverse(w, [0, 1]).transpose([0, 1, 3, 2]) as Tensor4D;
      const full = tf.conv2d(tf.pad(dy, [[0, 0], [k - 1, k - 1], [k - 1, k - 1], [0, 0]]), flipped, 1, "valid").slice([0, p.top, p.left, 0], x.shape);
      const fast = stride1InputGradient(x.shape, dy, w, pad);
      assert.deepEqual(fast.shape, x.shape);
      assert.ok(Buffer.from(fast.dataSync().buffer).equals(Buffer.from(full.dataSync().buffer)), `${JSON.stringify({h, k, c, pad})}`);
    });
  }
});
