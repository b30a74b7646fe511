// The TFLite reader: flatbuffer tables, dequantization as TFLite defines it, the mirror's three
// MobileNets parsed and translated into differentiable float models, unsupported operators
// named, and the 1001-class label check.
import {test, describe} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf, tf} from "../data/node/tf.ts";
import {rootTable, FlatBufferError} from "../components/tflite/flatbuffer.ts";
import {dequantize, halfToFloat, inputAffine} from "../components/tflite/dequantize.ts";
import {parseTflite} from "../components/tflite/schema.ts";
import {toLayersModel, UnsupportedTfliteError} from "../components/tflite/to-layers.ts";
import {tfliteToZooModel, translateTflite} from "../components/tflite/reader.ts";
import {checkBackgroundLabels, categoryFullNames} from "../components/zoo/imagenet-1001.ts";
import {parseCategories} from "../components/zoo/imagenet-labels.ts";
import {loadPackedModel} from "../components/zoo/packed.ts";
import {loadModel, packModelById} from "../data/node/zoo.ts";
import {readAsset, readAssetText} from "../data/assets/resolve.ts";
import {needsMirror} from "./helpers/mirror.ts";


await initTf();

const tflite = async (name: string) => new Uint8Array(await readAsset(`coral-tflite/${name}`));

describe("flatbuffer reader", () => {
  // Hand-assembled buffer: root -> table {0: int32 7, 1: string "hi", 2: [int32] [3, -4]},
  // field 3 absent (default). Layout: [root uoffset][vtable 10 bytes + pad][table][string][vector]
  function sample(): Uint8Array {
    const b = new DataView(new ArrayBuffer(64));
    const vtable = 4, table = 16;
    b.setUint32(0, table, true);
    b.setUint16(vtable, 10, true); // vtable bytes: 4 + 3 fields * 2
    b.setUint16(vtable + 2, 16, true); // table bytes
    b.setUint16(vtable + 4, 4, true); // field 0 at table+4
    b.setUint16(vtable + 6, 8, true); // field 1 at table+8
    b.setUint16(vtable + 8, 12, true); // field 2 at table+12
    b.setInt32(table, table - vtable, true); // soffset to the vtable
    b.setInt32(table + 4, 7, true);
    const str = 32, vec = 40;
    b.setUint32(table + 8, str - (table + 8), true);
    b.setUint32(str, 2, true);
    b.setUint8(str + 4, "h".charCodeAt(0));
    b.setUint8(str + 5, "i".charCodeAt(0));
    b.setUint32(table + 12, vec - (table + 12), true);
    b.setUint32(vec, 2, true);
    b.setInt32(vec + 4, 3, true);
    b.setInt32(vec + 8, -4, true);
    return new Uint8Array(b.buffer);
  }

  test("reads scalars, strings and vectors through the vtable, with defaults for absent fields", () => {
    const t = rootTable(sample());
    assert.equal(t.int32(0), 7);
    assert.equal(t.string(1), "hi");
    assert.deepEqual(t.int32s(2), [3, -4]);
    assert.equal(t.has(3), false);
    assert.equal(t.int32(3, 42), 42, "a field beyond the vtable takes its default");
    assert.deepEqual(t.int32s(5), []);
  });

  test("rejects a wrong file identifier and reads outside the buffer", () => {
    assert.throws(() => rootTable(sample(), "TFL3"), /file identifier/);
    const bad = sample();
    new DataView(bad.buffer).setUint32(40, 1000, true); // vector length past the end
    assert.throws(() => rootTable(bad).int32s(2), FlatBufferError);
  });
});

describe("dequantization", () => {
  test("per tensor: real = scale * (q - zero_point)", () => {
    const q = {scale: [0.5], zeroPoint: [128], quantizedDimension: 0, min: [], max: []};
    assert.deepEqual(Array.from(dequantize(Uint8Array.from([128, 130, 0, 255]), "uint8", [4], q)), [0, 1, -64, 63.5]);
  });

  test("per channel along quantized_dimension, int8", () => {
    // shape [2, 3], axis 0: row 0 scale 1 zp 0, row 1 scale 0.25 zp -2
    const q = {scale: [1, 0.25], zeroPoint: [0, -2], quantizedDimension: 0, min: [], max: []};
    const data = new Uint8Array(Int8Array.from([1, -2, 3, -2, 2, 6]).buffer);
    assert.deepEqual(Array.from(dequantize(data, "int8", [2, 3], q)), [1, -2, 3, 0, 1, 2]);
  });

  test("int32 biases and float tensors; half floats", () => {
    const bias = new Uint8Array(Int32Array.from([-3, 100]).buffer);
    assert.deepEqual(Array.from(dequantize(bias, "int32", [2], {scale: [0.5], zeroPoint: [0], quantizedDimension: 0, min: [], max: []})), [-1.5, 50]);
    assert.deepEqual(Array.from(dequantize(new Uint8Array(Float32Array.from([1.5, -2]).buffer), "float32", [2], null)), [1.5, -2]);
    assert.equal(halfToFloat(0x3c00), 1);
    assert.equal(halfToFloat(0xc000), -2);
    assert.equal(halfToFloat(0x3555), 0.333251953125);
    assert.throws(() => dequantize(new Uint8Array(3), "float32", [1], null), /holds 3 bytes/);
  });

  test("quantized image inputs: uint8 bytes 255 x, int8 bytes 255 x - 128", () => {
    const q = {scale: [1 / 128], zeroPoint: [128], quantizedDimension: 0, min: [], max: []};
    const u = inputAffine(q, "uint8");
    assert.equal(u.scale * 0 + u.offset, -1); // pixel 0 -> (0 - 128) / 128
    assert.equal(u.scale * 1 + u.offset, 127 / 128); // pixel 255
    const i = inputAffine({...q, zeroPoint: [0]}, "int8"); // int8 q = p - 128, zero point 0
    assert.equal(i.scale * 0 + i.offset, -1);
  });
});

describe("the mirror's TFLite MobileNets", {skip: needsMirror}, () => {
  test("parse: operators, input quantization, weights", async () => {
    const m = parseTflite(await tflite("mobilenet_v2_1.0_224_quant.tflite"));
    const counts: Record<string, number> = {};
    for (const o of m.operators) counts[o.op] = (counts[o.op] ?? 0) + 1;
    // MobileNet v2: 1 + 17 blocks (expand, depthwise, project; the first has no expand) + last 1x1 + logits
    assert.deepEqual(counts, {CONV_2D: 36, DEPTHWISE_CONV_2D: 17, ADD: 10, AVERAGE_POOL_2D: 1, RESHAPE: 1, SOFTMAX: 1});
    const input = m.tensors[m.inputs[0]];
    assert.deepEqual(input.shape, [1, 224, 224, 3]);
    assert.equal(input.type, "uint8");
    assert.deepEqual([input.quantization!.scale[0], input.quantization!.zeroPoint[0]], [1 / 128, 128]);
    const first = m.operators[0];
    assert.equal(first.op, "CONV_2D");
    assert.deepEqual([first.options.strideH, first.options.padding, first.options.activation], [2, "same", "RELU6"]);
    assert.deepEqual(m.tensors[first.inputs[1]].shape, [32, 3, 3, 3]); // OHWI
    assert.deepEqual(m.tensors[m.outputs[0]].shape, [1, 1001]);
  });

  test("translate: layers, shapes and a differentiable forward pass, no tensor leaks", async () => {
    const before = tf.memory().numTensors;
    const model = tfliteToZooModel(await tflite("mobilenet_v1_0.25_128_quant.tflite"), {id: "t", name: "t", dropLeadingClasses: 1});
    try {
      assert.deepEqual(model.inputSize, [128, 128]);
      assert.equal(model.labels.length, 1000, "background output dropped");
      const conv0 = model.layers.find((l) => l.name === "Conv2d_0")!;
      assert.deepEqual(conv0, {name: "Conv2d_0", shape: [64, 64, 8], kind: "conv"});
      assert.ok(model.layers.some((l) => l.name === "Conv2d_13_depthwise" && l.kind === "depthwise"));
      assert.ok(model.layers.some((l) => l.name === "Conv2d_13_pointwise_relu6" && l.kind === "activation"));
      const x = tf.randomUniform([1, 128, 128, 3], 0, 1, "float32", 3) as tf.Tensor4D;
      const [a] = model.activations(x, ["Conv2d_5_pointwise_relu6"]);
      assert.deepEqual(a.shape, [1, 16, 16, 64]);
      const av = a.dataSync();
      assert.ok(Math.min(...av) >= 0 && Math.max(...av) <= 6, "ReLU6 output stays in [0, 6]");
      // input gradient of one channel, through depthwise convs on wasm
      const g = tf.grad((img: tf.Tensor) => tf.mean(tf.slice(model.activations(img as tf.Tensor4D, ["Conv2d_5_pointwise"])[0], [0, 0, 0, 3], [-1, -1, -1, 1])))(x);
      const gv = g.dataSync();
      assert.ok(gv.every(Number.isFinite) && gv.some((v) => v !== 0), "non-zero finite input gradient");
      const probs = model.probabilities(x);
      assert.ok(Math.abs(Array.from(probs.dataSync()).reduce((s, v) => s + v, 0) - 1) < 1e-4);
      tf.dispose([x, a, g, probs]);
    } finally {
      model.dispose();
    }
    assert.equal(tf.memory().numTensors, before, "no tensors left behind");
  });

  test("an unsupported operator is named before anything is built", async () => {
    const bytes = (await tflite("mobilenet_v1_0.25_128_quant.tflite")).slice();
    // turn the first operator code into MUL (18): deprecated_builtin_code is field 0, a byte
    const view = new DataView(bytes.buffer);
    const root = view.getUint32(0, true);
    const field = (table: number, id: number) => table + view.getUint16(table - view.getInt32(table, true) + 4 + 2 * id, true);
    const codesAt = field(root, 1); // Model.operator_codes
    const codes = codesAt + view.getUint32(codesAt, true);
    const code0 = codes + 4 + view.getUint32(codes + 4, true);
    const was = parseTflite(bytes).operators[0].op;
    const vtable = code0 - view.getInt32(code0, true);
    view.setInt8(field(code0, 0), 18);
    // builtin_code (field 3, int32) too, when the file has it
    if (view.getUint16(vtable, true) >= 12 && view.getUint16(vtable + 10, true)) view.setInt32(field(code0, 3), 18, true);
    const parsed = parseTflite(bytes);
    const renamed = parsed.operators.filter((o) => o.op === "MUL").length;
    assert.ok(renamed > 0, `operators of code 0 (${was}) now read as MUL`);
    assert.throws(() => toLayersModel(parsed), (e: unknown) => e instanceof UnsupportedTfliteError && /does not support: MUL/.test((e as Error).message));
  });

  test("not a TFLite file: a clear error", () => {
    assert.throws(() => parseTflite(new TextEncoder().encode('{"modelTopology": {}}')), /file identifier/);
  });

  test("1001 labels: background first, then the standard order name by name", async () => {
    const categories = await readAssetText("imagenet-categories/categories.txt");
    const standard = parseCategories(categories), names = categoryFullNames(categories);
    const text = await readAssetText("coral-tflite/imagenet_labels.txt");
    const {labels, standardIndexOf} = checkBackgroundLabels(text, standard, names);
    assert.equal(labels[967], "espresso");
    assert.equal(standardIndexOf[88], 88);
    const swapped = text.replace("tench, Tinca tinca\n", "").replace("goldfish, Carassius auratus\n", "goldfish, Carassius auratus\ntench, Tinca tinca\n");
    assert.throws(() => checkBackgroundLabels(swapped, standard, names), /line 2 is "goldfish/);
  });

  test("zoo ids load, pack and unpack to the same network", async () => {
    const direct = await loadModel("mobilenet-v1-0.25-128");
    const packed = await loadPackedModel(await packModelById("mobilenet-v1-0.25-128"));
    try {
      assert.equal(direct.labels.length, 1000);
      assert.deepEqual(direct.standardIndexOf!.slice(0, 3), [0, 1, 2]);
      assert.equal(packed.source?.license, "Apache-2.0");
      const x = tf.randomUniform([1, 128, 128, 3], 0, 1, "float32", 5) as tf.Tensor4D;
      const d = tf.tidy(() => tf.max(tf.abs(tf.sub(direct.logits(x), packed.logits(x)))).dataSync()[0]);
      assert.equal(d, 0);
      x.dispose();
    } finally {
      direct.dispose();
      packed.dispose();
    }
  });

  test("translateTflite keeps all 1001 outputs for comparisons", async () => {
    const t = translateTflite(await tflite("mobilenet_v1_0.25_128_quant.tflite"));
    assert.deepEqual(t.model.outputs[0].shape, [null, 1001]);
    assert.deepEqual(t.summary.inputPreprocess, {scale: 255 / 128, offset: -1});
    assert.equal(t.summary.parameters, 467593); // conv/depthwise weights and biases of MobileNet v1 0.25
    t.model.dispose();
  });
});
