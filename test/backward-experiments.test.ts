// Occlusion, the sanity check and the lab CLI of the looking-back chapter, on real models:
// occluding a ShapeTex shape lowers P(shape) most where the shape is; cascading randomization
// leaves guided backprop nearly unchanged while only top layers are random, unlike plain
// gradients (Adebayo et al. 2018, erratum); the lab commands print what docs/lab.md says.
import {test, describe} from "node:test";
import assert from "node:assert/strict";
import {execFileSync, spawnSync} from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {initTf, tf} from "../data/node/tf.ts";
import {loadLayersZoo} from "../data/node/layers-zoo.ts";
import {writePng} from "../data/node/png.ts";
import {occlusionMap, positions} from "../components/backward/occlusion.ts";
import {cascadingRandomization} from "../components/backward/sanity.ts";
import {amountsFor, invariance, transformed} from "../components/backward/invariance.ts";
import {supportBox, topPatches} from "../components/backward/top-patches.ts";
import {pearson, ranks, spearman} from "../components/stats/rank-correlation.ts";
import {renderShapeTex, sampleSpec, SHAPES} from "../components/datasets/shapetex.ts";
import {makeRng} from "../components/random.ts";
import {requireMirror} from "./helpers/mirror.ts";

await initTf();

/** A ShapeTex image with the shape in the top-left quadrant: centre (10, 10) px, radius 8.8 px. */
function cornerShape(shape: number, seed: number): tf.Tensor4D {
  const rng = makeRng(100 + seed);
  const spec = {...sampleSpec(rng, shape, (shape + 2) % 6, {size: 32}), center: [0.32, 0.32] as [number, number], scale: 0.55, rotation: 0};
  return tf.tensor4d(renderShapeTex(spec, rng), [1, 32, 32, 3]);
}

describe("rank correlation", () => {
  test("ranks share ties; Spearman of a monotone map is 1, of a reversal -1", () => {
    assert.deepEqual(Array.from(ranks([10, 30, 20, 30])), [1, 3.5, 2, 3.5]);
    assert.equal(spearman([1, 2, 3, 4], [1, 8, 27, 64]), 1);
    assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    // hand-computed: ranks [1,2,3,4] vs [2,1,4,3]: d² sum 4, rho = 1 - 6*4/(4*15) = 0.6
    assert.ok(Math.abs(spearman([1, 2, 3, 4], [20, 10, 40, 30]) - 0.6) < 1e-12);
    assert.equal(pearson([1, 1, 1], [1, 2, 3]), 0);
  });
});

describe("occlusion", () => {
  test("positions cover the image, the last flush with the edge", () => {
    assert.deepEqual(positions(32, 10, 4), [0, 4, 8, 12, 16, 20, 22]);
    assert.deepEqual(positions(8, 8, 3), [0]);
    assert.throws(() => positions(8, 9, 1), /size 9/);
  });

  test("on ShapeTex, covering the shape lowers P(shape) far more than covering the background", async () => {
    const {zoo} = await loadLayersZoo("shapetex");
    const before = tf.memory().numTensors;
    for (let s = 0; s < SHAPES.length; s++) {
      const x = cornerShape(s, s);
      const m = await occlusionMap(zoo, x, {size: 10, stride: 2, classIndex: s});
      assert.ok(m.intact.probability > 0.9, `${SHAPES[s]}: the intact image is classified (P ${m.intact.probability})`);
      // squares whose centre is on the shape's disc (r 8.8 px around (10, 10)) vs squares wholly off it
      const on: number[] = [], off: number[] = [];
      m.ys.forEach((y, r) => m.xs.forEach((xx, c) => {
        const d = Math.hypot(y + 5 - 10, xx + 5 - 10);
        if (d < 8.8) on.push(m.probability[r * m.cols + c]);
        else if (Math.min(y, xx) > 20) off.push(m.probability[r * m.cols + c]);
      }));
      const mean = (v: number[]) => v.reduce((p, q) => p + q, 0) / v.length;
      assert.ok(off.length > 0 && on.length > 0);
      // measured gaps range from 0.15 (star: only some squares break it) to over 0.5
      assert.ok(mean(on) < mean(off) - 0.1, `${SHAPES[s]}: mean P on the shape ${mean(on)} vs off ${mean(off)}`);
      assert.ok(m.minimum.probability < 0.5 * m.intact.probability, `${SHAPES[s]}: the most sensitive square halves P (${m.minimum.probability})`);
      assert.ok(mean(off) > 0.8, `${SHAPES[s]}: covering empty background keeps P high (${mean(off)})`);
      const {y, x: x0} = m.minimum;
      assert.ok(y < 20 && x0 < 20, `${SHAPES[s]}: the most sensitive square (${y}, ${x0}) touches the shape`);
      x.dispose();
    }
    assert.equal(tf.memory().numTensors, before, "occlusion leaks tensors");
    zoo.dispose();
  });
});

describe("sanity check: cascading randomization", () => {
  test("ShapeTex: guided backprop survives the top layers' randomization, plain gradients do not; both change at the bottom", async () => {
    const m = await loadLayersZoo("shapetex");
    const at2 = {backprop: [] as number[], guided: [] as number[]}, atAll = {backprop: [] as number[], guided: [] as number[]};
    for (let s = 0; s < 4; s++) {
      const x = cornerShape(s, s);
      const before = tf.memory().numTensors;
      const w0 = m.layers!.getWeights().map((w) => w.dataSync().slice());
      const r = await cascadingRandomization(m, x, {classIndex: s, seed: s});
      assert.equal(tf.memory().numTensors, before, "sanity check leaks tensors");
      assert.deepEqual(m.layers!.getWeights().map((w) => w.dataSync().slice()), w0, "weights restored");
      assert.equal(r.steps[0].rankCorrelation.guided, 1);
      const two = r.steps.find((st) => st.randomized.length === 2)!, all = r.steps.at(-1)!;
      for (const k of ["backprop", "guided"] as const) (at2[k].push(two.rankCorrelation[k]), atAll[k].push(all.rankCorrelation[k]));
      x.dispose();
    }
    const mean = (v: number[]) => v.reduce((p, q) => p + q, 0) / v.length;
    assert.ok(mean(at2.guided) > 0.85, `guided after 2 top layers: ${at2.guided}`);
    assert.ok(mean(at2.guided) - mean(at2.backprop) > 0.2, `guided ${at2.guided} vs backprop ${at2.backprop} after 2 layers`);
    assert.ok(mean(atAll.guided) < mean(at2.guided) - 0.3, `guided changes once the lower layers are random: ${atAll.guided}`);
    m.zoo.dispose();
  });

  test("MobileNet v1 0.25 (128), chelsea: the same trend on an ImageNet network", async (t) => {
    if (!requireMirror(t, "scikit-image")) return;
    const {loadImage} = await import("../data/lab/backward-io.ts");
    const m = await loadLayersZoo("mobilenet-v1-0.25-128");
    const x = await loadImage("skimage/chelsea.png", m.zoo);
    const r = await cascadingRandomization(m, x, {checkpoints: [5, 28]});
    const [, top5, all] = r.steps;
    assert.ok(top5.rankCorrelation.guided > 0.6 && top5.rankCorrelation.backprop < 0.5, `after 5 top layers: ${JSON.stringify(top5.rankCorrelation)}`);
    assert.ok(all.rankCorrelation.guided < 0.4, `after all layers: ${JSON.stringify(all.rankCorrelation)}`);
    x.dispose();
    m.zoo.dispose();
  });
});

describe("sanity check on GoogLeNet (a Caffe net: weights in a record, not a LayersModel)", () => {
  test("chelsea: redraws reach the net, the trend holds, the trained weights come back", async (t) => {
    if (!requireMirror(t, "chaosmail") || !requireMirror(t, "scikit-image")) return;
    const {loadImage} = await import("../data/lab/backward-io.ts");
    const m = await loadLayersZoo("googlenet");
    assert.equal(m.weighted.length, 58, "57 convolutions and the classifier");
    assert.deepEqual([m.weighted[0].name, m.weighted.at(-1)!.name], ["conv1/7x7_s2", "loss3/classifier"]);
    const x = await loadImage("skimage/chelsea.png", m.zoo);
    const logits0 = tf.tidy(() => m.zoo.logits(x).dataSync().slice());
    const before = tf.memory().numTensors;
    const r = await cascadingRandomization(m, x, {checkpoints: [15, 58]});
    assert.equal(tf.memory().numTensors, before, "sanity check leaks tensors");
    assert.deepEqual(tf.tidy(() => m.zoo.logits(x).dataSync().slice()), logits0, "trained weights restored");
    const [, top15, all] = r.steps;
    assert.equal(top15.randomized.length, 15);
    assert.ok(top15.rankCorrelation.guided > 0.9 && top15.rankCorrelation.backprop < 0.5, `after 15 top layers: ${JSON.stringify(top15.rankCorrelation)}`);
    assert.ok(all.rankCorrelation.guided < 0.5, `after all layers: ${JSON.stringify(all.rankCorrelation)}`);
    x.dispose();
    m.zoo.dispose();
  });
});

describe("invariance and top patches", () => {
  test("transforms move a bright pixel where they should", () => {
    const dot = (y: number, x: number) => tf.tidy(() => tf.buffer([1, 9, 9, 3], "float32").toTensor().add(tf.oneHot([y * 9 + x], 81).reshape([1, 9, 9, 1]).tile([1, 1, 1, 3])) as tf.Tensor4D);
    const where = (t: tf.Tensor4D, i: number) => tf.tidy(() => {
      const v = tf.slice(t, [i, 0, 0, 0], [1, 9, 9, 1]).dataSync();
      const at = v.indexOf(Math.max(...v));
      return [Math.floor(at / 9), at % 9];
    });
    const x = dot(2, 6);
    const shifted = transformed(x, "translate", [2 / 9], 0);
    assert.deepEqual(where(shifted, 0), [4, 6], "translate by 2/9 of the side moves it 2 px down");
    const turned = transformed(x, "rotate", [90, 180], 0);
    assert.deepEqual(where(turned, 1), [6, 2], "half a turn about the centre (4, 4)");
    assert.deepEqual(where(turned, 0), [6, 6], "a quarter turn is clockwise on screen: top-right goes to bottom-right");
    const zoomed = transformed(x, "scale", [2], 0);
    assert.deepEqual(where(zoomed, 0), [0, 8], "zoom 2 about the centre: (2, 6) -> (0, 8)");
    assert.deepEqual(amountsFor("scale", 3, [0.5, 2]), [0.5, 1, 1.25, 2]);
    tf.dispose([x, shifted, turned, zoomed]);
  });

  test("ShapeTex: the first layer moves less than the top under translation; P(class) is 1 at the identity", async () => {
    const {zoo} = await loadLayersZoo("shapetex");
    const x = cornerShape(0, 0);
    const before = tf.memory().numTensors;
    const r = await invariance(zoo, x, "translate", [-0.2, 0, 0.2], ["conv1_1", "conv3_2"], 0);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(r.distance[0][1], 0);
    assert.ok(r.relative[0][0] > 0 && r.relative[1][0] > 0);
    assert.ok(r.probability[1] > 0.9);
    x.dispose();
    zoo.dispose();
  });

  test("top patches: sorted by activation, boxes the size of the receptive field (conv2_2 sees 14x14)", async () => {
    const {zoo} = await loadLayersZoo("shapetex");
    const images = Array.from({length: 8}, (_, i) => cornerShape(i % 6, i));
    const before = tf.memory().numTensors;
    const patches = await topPatches(zoo, images, "conv2_2", 4, {k: 5});
    assert.equal(tf.memory().numTensors, before);
    assert.equal(patches.length, 5);
    for (let i = 1; i < patches.length; i++) assert.ok(patches[i - 1].activation >= patches[i].activation);
    // conv1_1, conv1_2 (3x3) -> 5, pool 2 -> 6, conv2_1, conv2_2 (3x3 at stride 2) -> 14; clipped at the border
    for (const p of patches) assert.ok(p.box.size <= 14 && p.box.size >= 9, `box ${JSON.stringify(p.box)}`);
    assert.ok(patches.some((p) => p.box.size === 14));
    const m = tf.zeros([1, 10, 10, 3]).add(tf.oneHot([23], 100).reshape([1, 10, 10, 1])) as tf.Tensor4D;
    assert.deepEqual(await supportBox(m), {x: 3, y: 2, size: 1});
    tf.dispose([m, ...images]);
    zoo.dispose();
  });
});

describe("lab CLI", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lab-backward-"));
  const image = path.join(dir, "star.png");
  {
    const x = cornerShape(3, 3);
    const v = x.dataSync();
    const data = new Uint8ClampedArray(32 * 32 * 4);
    for (let i = 0; i < 32 * 32; i++) data.set([v[3 * i] * 255, v[3 * i + 1] * 255, v[3 * i + 2] * 255, 255], 4 * i);
    writePng(image, {width: 32, height: 32, data: new Uint8Array(data.buffer)});
    x.dispose();
  }
  const lab = (...args: string[]) => JSON.parse(execFileSync("npx", ["tsx", "data/lab.ts", ...args, "--json"], {encoding: "utf8"}));

  test("backward: three rules, a PNG, different maps", () => {
    const maps: Record<string, {meanAbs: number; l2: number}> = {};
    for (const rule of ["backprop", "deconvnet", "guided"]) {
      const out = path.join(dir, `${rule}.png`);
      const r = lab("backward", "--model", "shapetex", "--image", image, "--layer", "conv3_2", "--channel", "3", "--rule", rule, "--out", out);
      assert.equal(r.rule, rule);
      assert.equal(r.target.layer, "conv3_2");
      assert.ok(r.unit.value > 0 && r.unit.row >= 0 && r.unit.row < 8);
      assert.ok(fs.statSync(out).size > 100);
      maps[rule] = r.map;
    }
    assert.notEqual(maps.backprop.l2, maps.guided.l2);
    assert.notEqual(maps.backprop.l2, maps.deconvnet.l2);
  });

  test("occlusion and sanity print their maps and correlations", () => {
    const o = lab("occlusion", "--model", "shapetex", "--image", image, "--size", "10", "--stride", "4");
    assert.equal(o.class.label, "star");
    assert.equal(o.probability.length, o.rows);
    assert.equal(o.probability[0].length, o.cols);
    assert.equal(Math.min(...o.probability.flat()), o.minimum.probability);
    const s = lab("sanity", "--model", "shapetex", "--image", image, "--steps", "3");
    assert.equal(s.steps.length, 4);
    assert.equal(s.steps[0].rankCorrelation.backprop, 1);
    assert.equal(s.layers[0], "logits");
  });

  test("invariance and top-patches print what docs/lab.md says", () => {
    const v = lab("invariance", "--model", "shapetex", "--image", image, "--transform", "rotate", "--steps", "5", "--layers", "conv1_1,conv3_2");
    assert.deepEqual(v.amounts, [-180, -90, 0, 90, 180]);
    assert.deepEqual(v.layers, ["conv1_1", "conv3_2"]);
    assert.equal(v.distance.conv1_1[2], 0);
    assert.equal(v.probability.length, 5);
    assert.equal(v.class.label, "star");
    const out = path.join(dir, "patches");
    const t = lab("top-patches", "--model", "shapetex", "--layer", "conv2_2", "--channel", "4", "--n", "12", "--k", "4", "--out", out);
    assert.equal(t.patches.length, 4);
    assert.equal(t.images, 12);
    assert.ok(t.patches[0].activation >= t.patches[3].activation);
    assert.ok(fs.existsSync(path.join(out, "patch-3.png")) && fs.existsSync(path.join(out, "recon-3.png")));
  });

  test("training-features: the committed snapshots, each layer's kernel ending at similarity 1", () => {
    const r = lab("training-features", "--k", "2", "--n", "16");
    assert.deepEqual(r.epochs, [1, 2, 5, 10]);
    assert.deepEqual(r.layers.map((l: {layer: string}) => l.layer), ["conv1_1", "conv2_2", "conv3_2"]);
    for (const l of r.layers as Array<{kernelSimilarity: number[]; channels: Array<{epochs: unknown[]}>}>) {
      assert.ok(Math.abs(l.kernelSimilarity[3] - 1) < 1e-5);
      assert.ok(l.kernelSimilarity[0] < l.kernelSimilarity[2], "closer to the end at epoch 5 than at epoch 1");
      assert.equal(l.channels.length, 2);
      assert.equal(l.channels[0].epochs.length, 4);
    }
    // Zeiler & Fergus's observation, on our run: after epoch 1 the lower a layer, the closer its filters are to their final values
    const first = r.layers.map((l: {kernelSimilarity: number[]}) => l.kernelSimilarity[0]);
    assert.ok(first[0] > first[1] && first[1] > first[2], `kernel similarity at epoch 1 by depth: ${first}`);
  });

  test("bad input: a clear message and exit code 1", () => {
    const r = spawnSync("npx", ["tsx", "data/lab.ts", "backward", "--model", "shapetex", "--image", image, "--layer", "conv3_2", "--channel", "3", "--rule", "smooth", "--json"], {encoding: "utf8"});
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--rule must be one of backprop, deconvnet, guided/);
    const r2 = spawnSync("npx", ["tsx", "data/lab.ts", "backward", "--model", "shapetex", "--image", image, "--layer", "conv3_2", "--channel", "999", "--rule", "guided", "--json"], {encoding: "utf8"});
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /conv3_2 has channels 0\.\.63, not 999/);
  });
});
