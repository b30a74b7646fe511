// The Caffe reader behind GoogLeNet: the prototxt parser, Caffe's pooled sizes, and the tfjs
// forward pass checked layer by layer against direct loops (test/helpers/caffe-reference.ts)
// on small inputs: a synthetic net with random weights, and the real BVLC GoogLeNet.
import {test, describe} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf, tf} from "../data/node/tf.ts";
import {parsePrototxt} from "../components/zoo/caffe/prototxt.ts";
import {caffeLayers, forward, layerShapes, publicNames, weightShapes, type CaffeLayer} from "../components/zoo/caffe/net.ts";
import {caffePooledSize} from "../components/zoo/caffe/ops.ts";
import {googlenetSpec, rawWeightFiles, weightsFromRaw} from "../components/zoo/caffe/googlenet.ts";
import {caffeLayerInfos} from "../components/zoo/caffe/zoo.ts";
import {makeRng} from "../components/random.ts";
import * as ref from "./helpers/caffe-reference.ts";
import {MIRROR, requireMirror} from "./helpers/mirror.ts";

await initTf();

const GOOGLENET = "chaosmail/caffejs/d161d610145d6ce1ee4b9e44b10de780e8ecec2d/models/bvlc_googlenet";

test("prototxt: nested messages, repeated fields, numbers, strings, enums, comments", () => {
  const m = parsePrototxt(`name: "Net" # a comment
layer { name: "a" type: "Pooling" bottom: "x" bottom: 'y' pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "b" lrn_param { alpha: 1e-4 beta: 0.75 } }`);
  assert.deepEqual(m.name, ["Net"]);
  const layers = m.layer as Array<Record<string, unknown[]>>;
  assert.equal(layers.length, 2);
  assert.deepEqual(layers[0].bottom, ["x", "y"]);
  assert.deepEqual(layers[0].pooling_param, [{pool: ["MAX"], kernel_size: [3], stride: [2]}]);
  assert.deepEqual(layers[1].lrn_param, [{alpha: [1e-4], beta: [0.75]}]);
  assert.throws(() => parsePrototxt("layer { name: \"a\""), /missing \}/);
  assert.throws(() => caffeLayers(`layer { name: "s" type: "Scale" top: "s" }`), /Scale, which this reader does not support/);
});

test("Caffe rounds pooled sizes up (GoogLeNet: 112 -> 56 -> 28 -> 14 -> 7), a window never starts in padding only", () => {
  assert.equal(caffePooledSize(112, 3, 2, 0), 56); // floor would give 55
  assert.equal(caffePooledSize(56, 3, 2, 0), 28);
  assert.equal(caffePooledSize(28, 3, 2, 0), 14);
  assert.equal(caffePooledSize(14, 3, 2, 0), 7);
  assert.equal(caffePooledSize(14, 3, 1, 1), 14);
  assert.equal(caffePooledSize(5, 2, 2, 1), 3); // ceil((5+2-2)/2)+1 = 4, the last window would start in the padding
});

const toMap = (t: tf.Tensor): ref.Map3 => {
  const s = t.shape;
  return s.length === 4 ? {h: s[1]!, w: s[2]!, c: s[3]!, data: t.dataSync() as Float32Array} : {h: 1, w: 1, c: s[1]!, data: t.dataSync() as Float32Array};
};

function maxRelError(got: Float32Array, want: Float32Array): number {
  assert.equal(got.length, want.length);
  let scale = 1e-6, err = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
  return err / scale;
}

/** The reference for one layer, from the tfjs outputs of its bottoms; raw = weights in the file layout. */
function referenceStep(l: CaffeLayer, bottoms: ref.Map3[], raw: (key: string) => Float32Array | null): ref.Map3 {
  const x = bottoms[0];
  switch (l.type) {
    case "Convolution": return ref.convReference(x, raw(`${l.name}/filter`)!, raw(`${l.name}/bias`), l.numOutput, l.kernel[0], l.stride[0], l.pad[0]);
    case "ReLU": return ref.reluReference(x);
    case "LRN": return ref.lrnReference(x, l.localSize, l.alpha, l.beta, l.k);
    case "Concat": return ref.concatReference(bottoms);
    case "InnerProduct": return ref.innerProductReference(x, raw(`${l.name}/filter`)!, raw(`${l.name}/bias`), l.numOutput);
    case "Pooling":
      if (l.pool === "AVE") return ref.globalAvgReference(x);
      return ref.maxPoolReference(x, l.kernel[0], l.stride[0], l.pad[0]);
    default: throw new Error(`no reference for ${l.type}`);
  }
}

/** Runs every layer in tfjs, then checks each against the loops fed with tfjs's own bottoms. */
function checkLayerByLayer(layers: CaffeLayer[], weights: Record<string, tf.Tensor>, raw: (key: string) => Float32Array | null, input: tf.Tensor4D, tolerance: number): string[] {
  const names = publicNames(layers);
  const checked = layers.filter((l) => !["Input", "Dropout", "Softmax"].includes(l.type));
  const all = [...new Set(checked.map((l) => names.get(l)!))];
  const outs = tf.tidy(() => forward(layers, names, weights, input, all));
  const byName = new Map(all.map((n, i) => [n, toMap(outs[i])]));
  const producer = new Map<string, string>(); // blob -> public name of its latest writer
  const report: string[] = [];
  const shapes = layerShapes(layers, [input.shape[1], input.shape[2]]);
  for (const l of layers) {
    if (l.type === "Input") { producer.set(l.top, "input"); byName.set("input", toMap(input)); continue; }
    if (l.type === "Dropout" || l.type === "Softmax") continue;
    const bottoms = l.bottom.map((b) => byName.get(producer.get(b)!)!);
    const want = referenceStep(l, bottoms, raw);
    const got = byName.get(names.get(l)!)!;
    assert.deepEqual([got.h, got.w, got.c], [want.h, want.w, want.c], `${l.name}: shape`);
    assert.deepEqual(shapes.get(l)!.length === 1 ? [1, 1, shapes.get(l)![0]] : shapes.get(l), [want.h, want.w, want.c], `${l.name}: inferred shape`);
    const err = maxRelError(got.data, want.data);
    assert.ok(err < tolerance, `${l.name}: max error ${err} of the largest value`);
    report.push(`${names.get(l)} ${want.h}x${want.w}x${want.c} ${err.toExponential(1)}`);
    producer.set(l.top, names.get(l)!);
  }
  tf.dispose(outs);
  return report;
}

test("a small Caffe net with random weights matches direct loops layer by layer (conv stride/pad, ceil max pool, LRN, concat, inner product)", () => {
  const prototxt = `
layer { name: "data" type: "Input" top: "data" }
layer { name: "c1" type: "Convolution" bottom: "data" top: "c1" convolution_param { num_output: 6 kernel_size: 3 stride: 2 pad: 1 } }
layer { name: "r1" type: "ReLU" bottom: "c1" top: "c1" }
layer { name: "p1" type: "Pooling" bottom: "c1" top: "p1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "n1" type: "LRN" bottom: "p1" top: "n1" lrn_param { local_size: 5 alpha: 0.3 beta: 0.75 } }
layer { name: "a" type: "Convolution" bottom: "n1" top: "a" convolution_param { num_output: 4 kernel_size: 1 } }
layer { name: "b" type: "Pooling" bottom: "n1" top: "b" pooling_param { pool: MAX kernel_size: 3 stride: 1 pad: 1 } }
layer { name: "cat" type: "Concat" bottom: "a" bottom: "b" top: "cat" }
layer { name: "p2" type: "Pooling" bottom: "cat" top: "p2" pooling_param { pool: MAX kernel_size: 2 stride: 2 pad: 1 } }
layer { name: "g" type: "Pooling" bottom: "p2" top: "g" pooling_param { pool: AVE global_pooling: true } }
layer { name: "fc" type: "InnerProduct" bottom: "g" top: "fc" inner_product_param { num_output: 5 } }`;
  const layers = caffeLayers(prototxt);
  const rng = makeRng(7);
  const raw = new Map<string, Float32Array>();
  const weights: Record<string, tf.Tensor> = {};
  for (const [key, shape] of Object.entries(weightShapes(layers))) {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({length: n}, () => rng.uniform(-1, 1));
    raw.set(key, values); // file layout: [out][kh][kw][in] / [out][in] / [out]
    weights[key] = tf.tidy(() => shape.length === 4
      ? tf.transpose(tf.tensor4d(values, [shape[3], shape[0], shape[1], shape[2]]), [1, 2, 3, 0])
      : shape.length === 2 ? tf.transpose(tf.tensor2d(values, [shape[1], shape[0]])) : tf.tensor(values, shape));
  }
  const input = tf.tidy(() => tf.randomUniform([1, 19, 17, 3], -2, 2, "float32", 3)) as tf.Tensor4D;
  const report = checkLayerByLayer(layers, weights, (k) => raw.get(k) ?? null, input, 1e-5);
  assert.equal(report.length, layers.length - 1);
  assert.match(report.find((r) => r.startsWith("p1"))!, /^p1 5x4x6/); // conv 10x9 -> rows ceil(7/2)+1 = 5 (floor: 4)
  tf.dispose([input, ...Object.values(weights)]);
});

describe("BVLC GoogLeNet from the mirror", () => {
  test("every layer of the converted net matches direct loops on a 33x33 input (ceil pooling reaches 1x1 at inception_5b)", (t) => {
    if (!requireMirror(t, `${GOOGLENET}/deploy.prototxt`)) return;
    const dir = path.join(MIRROR, GOOGLENET);
    const spec = googlenetSpec(fs.readFileSync(path.join(dir, "deploy.prototxt"), "utf8"));
    const readRaw = (file: string) => new Uint8Array(fs.readFileSync(path.join(dir, file)));
    const files = new Map(rawWeightFiles(spec.layers).map(({key, file}) => [key, file]));
    const raw = (key: string) => {
      const f = files.get(key);
      if (!f) return null;
      const b = readRaw(f);
      return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
    };
    const weights = weightsFromRaw(spec.layers, readRaw);
    // an image-like input on the net's own scale (0..255 minus the mean)
    const input = tf.tidy(() => tf.randomUniform([1, 33, 33, 3], -120, 130, "float32", 11)) as tf.Tensor4D;
    const report = checkLayerByLayer(spec.layers, weights, raw, input, 1e-4);
    assert.equal(report.length, 57 + 57 + 14 + 2 + 9 + 1); // conv, relu, pooling, LRN, concat, classifier
    assert.ok(report.some((r) => /^pool2\/3x3_s2 4x4x192/.test(r)), "pool2 at 33 px rounds 8 -> 4 (floor would give 3)");
    tf.dispose([input, ...Object.values(weights)]);
  });

  test("layer list: the papers' names, block outputs and their branches, shapes at 224", (t) => {
    if (!requireMirror(t, `${GOOGLENET}/deploy.prototxt`)) return;
    const spec = googlenetSpec(fs.readFileSync(path.join(MIRROR, GOOGLENET, "deploy.prototxt"), "utf8"));
    const infos = caffeLayerInfos(spec, [224, 224]);
    const by = new Map(infos.map((l) => [l.name, l]));
    const expect: Record<string, [number[], string]> = {
      "conv1/7x7_s2": [[112, 112, 64], "activation"], "conv1/7x7_s2/pre_relu": [[112, 112, 64], "conv"],
      "pool1/3x3_s2": [[56, 56, 64], "pool"], "pool1/norm1": [[56, 56, 64], "norm"], "conv2/3x3": [[56, 56, 192], "activation"],
      "inception_3a": [[28, 28, 256], "activation"], "inception_3a/1x1": [[28, 28, 64], "activation"], "inception_3a/pool_proj": [[28, 28, 32], "activation"],
      "inception_4a": [[14, 14, 512], "activation"], "inception_4e": [[14, 14, 832], "activation"], "inception_5b": [[7, 7, 1024], "activation"],
      "pool5": [[1, 1, 1024], "pool"], "logits": [[1000], "dense"], "prob": [[1000], "softmax"],
    };
    for (const [name, [shape, kind]] of Object.entries(expect)) {
      assert.ok(by.has(name), `missing ${name}`);
      assert.deepEqual(by.get(name)!.shape, shape, name);
      assert.equal(by.get(name)!.kind, kind, name);
    }
    assert.equal(new Set(infos.map((l) => l.name)).size, infos.length, "names are unique");
  });
});
