// The three backward rules compute their definitions: a 1-D example checked by hand (ReLU,
// ReLU6 in its three spellings, leaky ReLU, fused and unfused), a small conv net with fused
// conv+ReLU layers and max pooling against a layer-by-layer reference with explicit masks, and
// every zoo network kind against the same reference. Backprop must equal tfjs's own gradient;
// deconvnet and guided must differ from it.
import {test, describe} from "node:test";
import assert from "node:assert/strict";
import {initTf, tf} from "../data/node/tf.ts";
import {RULES, withRule, type Rule} from "../components/backward/rules.ts";
import {project} from "../components/backward/project.ts";
import {fromLayersModel} from "../components/zoo/adapter.ts";
import {REGISTRY} from "../components/zoo/registry.ts";
import type {ZooModel} from "../components/zoo/types.ts";
import {makeRng} from "../components/random.ts";
import {loadLayersZoo} from "../data/node/layers-zoo.ts";
import {listModels} from "../data/node/zoo.ts";
import {caffeReferenceProjection, referenceProjection} from "./helpers/backward-reference.ts";
import type {LayersZoo} from "../components/backward/layers-zoo.ts";
import {HAVE_MIRROR} from "./helpers/mirror.ts";

await initTf();

const close = (a: ArrayLike<number>, b: number[], tol = 1e-5) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}] ${a[i]} vs ${b[i]} (all: ${Array.from(a).join(", ")})`);
};

/** y = w2 · act(W1 x) for x = [1, 1]; returns dy/dx under the rule. */
function tiny(rule: Rule | null, W1: number[][], act: (z: tf.Tensor2D) => tf.Tensor): number[] {
  const w1 = tf.tensor2d(W1), w2 = tf.tensor2d([[1], [1], [-1]]), x = tf.tensor2d([[1, 1]]);
  const f = (v: tf.Tensor) => tf.matMul(act(tf.matMul(v as tf.Tensor2D, w1, false, true)) as tf.Tensor2D, w2);
  const run = () => tf.grad(f)(x);
  const g = rule ? withRule(rule, run) : run();
  const out = Array.from(g.dataSync());
  tf.dispose([w1, w2, x, g]);
  return out;
}

// z = W1 x = [2, -1, 1], backward signal at the rectifier g = w2 = [1, 1, -1]:
// backprop keeps units 1 and 3 (z > 0), deconvnet units 1 and 2 (g > 0), guided only unit 1.
const W_RELU = [[1, 1], [-2, 1], [0, 1]];
const HAND_RELU: Record<Rule, number[]> = {backprop: [1, 0], deconvnet: [-1, 2], guided: [1, 1]};

describe("the 1-D worked example (hand-checked numbers)", () => {
  for (const rule of RULES) {
    test(`ReLU, ${rule}`, () => {
      close(tiny(rule, W_RELU, (z) => tf.relu(z)), HAND_RELU[rule]);
    });
    test(`ReLU fused into the matMul, ${rule}`, () => {
      const w1 = tf.tensor2d(W_RELU), w2 = tf.tensor2d([[1], [1], [-1]]), x = tf.tensor2d([[1, 1]]);
      const f = (v: tf.Tensor) => tf.matMul(tf.fused.matMul({a: v as tf.Tensor2D, b: w1, transposeB: true, activation: "relu"}), w2);
      const g = withRule(rule, () => tf.grad(f)(x));
      close(g.dataSync(), HAND_RELU[rule]);
      tf.dispose([w1, w2, x, g]);
    });
  }
  // z = [7, -1, 1]: the cap at 6 blocks unit 1 in backprop and guided, not in the deconvnet.
  const W6 = [[3.5, 3.5], [-2, 1], [0, 1]];
  const HAND6: Record<Rule, number[]> = {backprop: [0, -1], deconvnet: [1.5, 4.5], guided: [0, 0]};
  const spellings: Record<string, (z: tf.Tensor2D) => tf.Tensor> = {
    "tf.relu6": (z) => tf.relu6(z),
    "minimum(6, relu)": (z) => tf.minimum(6, tf.relu(z)),
    "clipByValue(relu, 0, 6)": (z) => tf.clipByValue(tf.relu(z), 0, 6),
  };
  for (const [name, act] of Object.entries(spellings)) {
    for (const rule of RULES) test(`ReLU6 as ${name}, ${rule}`, () => close(tiny(rule, W6, act), HAND6[rule]));
  }
  // leaky, slope 0.1: s(z) = [1, .1, 1], s(g) = [1, 1, .1]
  const HAND_LEAKY: Record<Rule, number[]> = {backprop: [0.8, 0.1], deconvnet: [-1, 1.9], guided: [0.8, 1.0]};
  for (const rule of RULES) test(`leaky ReLU, ${rule}`, () => close(tiny(rule, W_RELU, (z) => tf.leakyRelu(z, 0.1)), HAND_LEAKY[rule]));

  test("backprop under the rule equals tfjs's own gradient, and the registry is restored", () => {
    for (const act of [(z: tf.Tensor2D) => tf.relu(z), (z: tf.Tensor2D) => tf.leakyRelu(z, 0.1), (z: tf.Tensor2D) => tf.minimum(6, tf.relu(z))]) {
      close(tiny("backprop", W_RELU, act), tiny(null, W_RELU, act));
    }
    withRule("deconvnet", () => 0);
    close(tiny(null, W_RELU, (z) => tf.relu(z)), HAND_RELU.backprop); // plain gradients again
  });

  test("a minimum of two full tensors is not a ReLU6 cap: ordinary gradient under every rule", () => {
    const a = tf.tensor1d([1, 5, -2]), b = tf.tensor1d([2, 3, -1]);
    for (const rule of RULES) {
      const [ga, gb] = withRule(rule, () => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.minimum(p, q).sum())([a, b]));
      close(ga.dataSync(), [1, 0, 1]);
      close(gb.dataSync(), [0, 1, 0]);
      tf.dispose([ga, gb]);
    }
    tf.dispose([a, b]);
  });
});

/** Max relative difference between two maps, relative to the larger magnitude. */
function relDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.sub(a, b).abs().max().dataSync()[0] / Math.max(1e-12, tf.maximum(a.abs().max(), b.abs().max()).dataSync()[0]));
}

/** A layer-by-layer reference in the model's input space (test/helpers/backward-reference.ts). */
type Reference = (input: tf.Tensor4D, layer: string, seedOf: (a: tf.Tensor) => tf.Tensor, rule: Rule) => tf.Tensor4D;

/** The reference for whatever is behind a zoo model: its LayersModel or its Caffe net. */
function referenceOf(m: LayersZoo): Reference {
  if (m.layers) return (input, layer, seedOf, rule) => referenceProjection(m.layers!, input, layer, seedOf, rule);
  if (m.caffe) return (input, layer, seedOf, rule) => caffeReferenceProjection(m.caffe!.spec, m.caffe!.weights, input, layer, seedOf, rule);
  throw new Error(`${m.zoo.id}: neither a LayersModel nor a Caffe net`);
}

/** The reference, moved from the model's input space to the [0, 1] image's (through preprocess). */
function referenceInPixels(zoo: ZooModel, reference: Reference, x01: tf.Tensor4D, layer: string, seedOf: (a: tf.Tensor) => tf.Tensor, rule: Rule): tf.Tensor4D {
  return tf.tidy(() => {
    const r = reference(zoo.preprocess(x01), layer, seedOf, rule);
    return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(zoo.preprocess(x as tf.Tensor4D), r)))(x01) as tf.Tensor4D;
  });
}

/** Checks all three rules at `layer` (a channel's whole map) against the reference. */
async function checkModel(zoo: ZooModel, reference: Reference, x01: tf.Tensor4D, layer: string, tol: number): Promise<Record<Rule, number>> {
  const a = zoo.activations(x01, [layer])[0];
  const channels = a.shape.at(-1)!;
  // the channel with the largest total activation, so the signal is not empty
  const channel = tf.tidy(() => tf.argMax(tf.reshape(a, [-1, channels]).sum(0)).dataSync()[0]);
  a.dispose();
  const seedOf = (act: tf.Tensor) => tf.tidy(() => tf.mul(act, tf.oneHot([channel], channels).reshape([...act.shape.slice(0, -1).map(() => 1), channels])));
  const maps = {} as Record<Rule, tf.Tensor4D>;
  const diffs = {} as Record<Rule, number>;
  for (const rule of RULES) {
    const before = tf.memory().numTensors;
    const p = await project(zoo, x01, {kind: "channel", layer, channel, units: "all"}, rule);
    assert.equal(tf.memory().numTensors, before + 1, `${zoo.id} ${rule}: project leaks tensors`);
    const ref = referenceInPixels(zoo, reference, x01, layer, seedOf, rule);
    const d = relDiff(p.map, ref);
    assert.ok(d < tol, `${zoo.id} ${layer} ch ${channel} ${rule}: differs from the layer-by-layer reference by ${d}`);
    assert.ok(tf.tidy(() => ref.abs().max().dataSync()[0]) > 0, `${zoo.id} ${rule}: the reference is all zeros`);
    ref.dispose();
    maps[rule] = p.map;
    diffs[rule] = d;
  }
  // backprop = tfjs's plain gradient of the same objective
  const plain = tf.tidy(() => tf.grad((x: tf.Tensor) => zoo.activations(x as tf.Tensor4D, [layer])[0])(x01, seedOf(zoo.activations(x01, [layer])[0])));
  assert.ok(relDiff(maps.backprop, plain) < tol, `${zoo.id}: backprop differs from tf.grad`);
  plain.dispose();
  for (const rule of ["deconvnet", "guided"] as const) {
    const d = relDiff(maps[rule], maps.backprop);
    assert.ok(d > 0.05, `${zoo.id} ${layer}: ${rule} is (almost) plain backprop (rel diff ${d})`);
  }
  tf.dispose(Object.values(maps));
  return diffs;
}

function randomImage(h: number, w: number, seed: number): tf.Tensor4D {
  const rng = makeRng(seed);
  // smooth-ish: a coarse random grid upsampled, so units see structure rather than pure noise
  return tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(Array.from({length: 8 * 8 * 3}, () => rng.next()), [1, 8, 8, 3]), [h, w]).clipByValue(0, 1) as tf.Tensor4D);
}

describe("a small hand-built network with fused conv+ReLU, max pooling and a fused dense ReLU", () => {
  test("each rule equals the layer-by-layer reference; logit targets too", async () => {
    const rng = makeRng(7);
    const init = (shape: number[]) => tf.tensor(Array.from({length: shape.reduce((p, q) => p * q, 1)}, () => rng.normal() * 0.3), shape);
    // functional, so that model.layers starts with the InputLayer (a Sequential hides it)
    const input = tf.input({shape: [12, 12, 3], name: "image"});
    let h = tf.layers.conv2d({filters: 4, kernelSize: 3, padding: "same", activation: "relu", name: "c1"}).apply(input) as tf.SymbolicTensor;
    h = tf.layers.maxPooling2d({poolSize: 2, name: "p1"}).apply(h) as tf.SymbolicTensor;
    h = tf.layers.conv2d({filters: 6, kernelSize: 3, activation: "relu", name: "c2"}).apply(h) as tf.SymbolicTensor;
    h = tf.layers.flatten({name: "f"}).apply(h) as tf.SymbolicTensor;
    h = tf.layers.dense({units: 8, activation: "relu", name: "d1"}).apply(h) as tf.SymbolicTensor;
    const net = tf.model({inputs: input, outputs: tf.layers.dense({units: 3, name: "out"}).apply(h) as tf.SymbolicTensor});
    net.setWeights(net.getWeights().map((w) => init(w.shape)));
    const zoo = fromLayersModel(net, {id: "hand", name: "hand", inputSize: [12, 12], labels: ["a", "b", "c"], preprocess: {scale: 2, offset: -1}});
    const x = randomImage(12, 12, 3);
    const reference: Reference = (input, layer, seedOf, rule) => referenceProjection(net, input, layer, seedOf, rule);
    await checkModel(zoo, reference, x, "c2", 1e-5);
    for (const rule of RULES) {
      const p = await project(zoo, x, {kind: "logit", index: 1}, rule);
      const ref = referenceInPixels(zoo, reference, x, "out", () => tf.tensor2d([[0, 1, 0]]), rule);
      assert.ok(relDiff(p.map, ref) < 1e-5, `logit ${rule}`);
      tf.dispose([p.map, ref]);
    }
    x.dispose();
    zoo.dispose();
  });
});

// GoogLeNet takes any input size (its last pool averages the whole map): a smaller image keeps
// the layer-by-layer reference quick while every layer up to the chosen one still runs.
const TEST_SIZE: Record<string, [number, number]> = {googlenet: [96, 96]};

describe("every zoo network kind against the reference", async () => {
  const available = new Set((await listModels()).filter((m) => m.available).map((m) => m.id));
  for (const entry of REGISTRY) {
    const needs = entry.kind === "imagenet" && !HAVE_MIRROR;
    test(entry.id, {skip: !available.has(entry.id) && !(process.env.CI === "true") ? `${entry.id} not available here` : false}, async () => {
      if (needs && process.env.CI === "true") throw new Error("the asset mirror is required under CI");
      const m = await loadLayersZoo(entry.id);
      const {zoo} = m;
      const [h, w] = TEST_SIZE[entry.id] ?? zoo.inputSize;
      const x = randomImage(h, w, 11);
      // a layer two thirds of the way up: deep enough for many rectifiers, cheap enough to test
      const maps = zoo.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");
      const layer = maps[Math.floor((maps.length * 2) / 3)].name;
      const before = tf.memory().numTensors;
      const diffs = await checkModel(zoo, referenceOf(m), x, layer, 2e-4);
      assert.equal(tf.memory().numTensors, before, "tensors leaked");
      console.error(`# ${entry.id} @ ${layer}: rel diff to reference ${JSON.stringify(diffs)}`);
      x.dispose();
      zoo.dispose();
    });
  }
});
