// Small models on disk for the bring-your-own-model tests: a tfjs layers CNN, a hand-written
// tfjs graph model (Conv2D -> Relu -> Mean -> MatMul -> Softmax), and broken variants.
import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const f32 = (n: number, seed: number) => Float32Array.from({length: n}, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 0.5);

/** A 32x32 RGB -> 5-class layers CNN with seeded weights; returns the model.json path. */
export async function writeLayersCnn(dir: string, {conv = true} = {}): Promise<string> {
  fs.mkdirSync(dir, {recursive: true});
  const model = tf.sequential({name: conv ? "tiny_cnn" : "tiny_mlp"});
  if (conv) {
    model.add(tf.layers.conv2d({inputShape: [32, 32, 3], filters: 4, kernelSize: 3, activation: "relu", name: "conv1"}));
    model.add(tf.layers.maxPooling2d({poolSize: 2, name: "pool1"}));
    model.add(tf.layers.globalAveragePooling2d({name: "gap"}));
  } else {
    model.add(tf.layers.flatten({inputShape: [32, 32, 3], name: "flat"}));
    model.add(tf.layers.dense({units: 4, activation: "relu", name: "hidden"}));
  }
  model.add(tf.layers.dense({units: 5, activation: "softmax", name: "out"}));
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(f32(w.size, i + 1), w.shape)));
  await model.save(tf.io.withSaveHandler(async (a) => {
    fs.writeFileSync(path.join(dir, "weights.bin"), new Uint8Array(a.weightData as ArrayBuffer));
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({format: "layers-model", modelTopology: a.modelTopology, weightsManifest: [{paths: ["weights.bin"], weights: a.weightSpecs}]}));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: "JSON"}};
  }));
  model.dispose();
  return path.join(dir, "model.json");
}

/** A graph model written by hand in the converter's JSON GraphDef form. */
export function writeGraphCnn(dir: string): string {
  fs.mkdirSync(dir, {recursive: true});
  const float = {type: "DT_FLOAT"};
  const dims = (...d: number[]) => ({dim: d.map((size) => ({size: String(size)}))});
  const nodes = [
    {name: "image", op: "Placeholder", attr: {dtype: float, shape: {shape: dims(-1, 32, 32, 3)}}},
    {name: "conv/kernel", op: "Const", attr: {dtype: float, value: {tensor: {dtype: "DT_FLOAT", tensorShape: dims(3, 3, 3, 4)}}}},
    {name: "conv", op: "Conv2D", input: ["image", "conv/kernel"], attr: {T: float, strides: {list: {i: ["1", "1", "1", "1"]}}, padding: {s: b64("SAME")}, data_format: {s: b64("NHWC")}, dilations: {list: {i: ["1", "1", "1", "1"]}}}},
    {name: "relu", op: "Relu", input: ["conv"], attr: {T: float}},
    {name: "axes", op: "Const", attr: {dtype: {type: "DT_INT32"}, value: {tensor: {dtype: "DT_INT32", tensorShape: dims(2)}}}},
    {name: "gap", op: "Mean", input: ["relu", "axes"], attr: {T: float, Tidx: {type: "DT_INT32"}, keep_dims: {b: false}}},
    {name: "dense/kernel", op: "Const", attr: {dtype: float, value: {tensor: {dtype: "DT_FLOAT", tensorShape: dims(4, 5)}}}},
    {name: "logits", op: "MatMul", input: ["gap", "dense/kernel"], attr: {T: float, transpose_a: {b: false}, transpose_b: {b: false}}},
    {name: "probs", op: "Softmax", input: ["logits"], attr: {T: float}},
  ];
  const weights = [
    {name: "conv/kernel", shape: [3, 3, 3, 4], dtype: "float32"},
    {name: "axes", shape: [2], dtype: "int32"},
    {name: "dense/kernel", shape: [4, 5], dtype: "float32"},
  ];
  const bytes = Buffer.concat([Buffer.from(f32(108, 7).buffer), Buffer.from(Int32Array.from([1, 2]).buffer), Buffer.from(f32(20, 9).buffer)]);
  fs.writeFileSync(path.join(dir, "group1-shard1of1.bin"), bytes);
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({format: "graph-model", generatedBy: "test", convertedBy: "hand", modelTopology: {node: nodes, library: {}, versions: {}}, weightsManifest: [{paths: ["group1-shard1of1.bin"], weights}]}));
  return path.join(dir, "model.json");
}

/**
 * Broken and hostile variants of the layers CNN (written beside `dir`): each is a model.json
 * path whose loading must fail fast with one clear message, allocating nothing large.
 */
export async function writeHostileModels(dir: string): Promise<Record<string, string>> {
  const good = await writeLayersCnn(path.join(dir, "good"));
  const json = JSON.parse(fs.readFileSync(good, "utf8"));
  const shard = fs.readFileSync(path.join(dir, "good", "weights.bin"));
  const out: Record<string, string> = {};
  const variant = (name: string, edit: (j: any) => void, shardBytes: Buffer | null = shard) => {
    const d = path.join(dir, name);
    fs.mkdirSync(d, {recursive: true});
    const j = structuredClone(json);
    edit(j);
    fs.writeFileSync(path.join(d, "model.json"), JSON.stringify(j));
    if (shardBytes) fs.writeFileSync(path.join(d, "weights.bin"), shardBytes);
    out[name] = path.join(d, "model.json");
  };
  const weights = (j: any) => j.weightsManifest[0].weights as Array<{name: string; shape: number[]; dtype: string}>;
  const layer = (j: any, name: string) => j.modelTopology.config.layers.find((l: any) => l.config.name === name).config;
  // a manifest whose shapes need gigabytes (the dense layer grown to 300 million units: 4.8 GB)
  variant("giant-weights", (j) => {
    layer(j, "out").units = 300_000_000;
    for (const w of weights(j)) if (w.name.startsWith("out/")) w.shape = w.shape.length === 2 ? [w.shape[0], 300_000_000] : [300_000_000];
  });
  // an input of 100000 x 100000 pixels: the forward-pass check would allocate 120 GB
  variant("giant-input", (j) => { layer(j, "conv1").batch_input_shape = [null, 100_000, 100_000, 3]; });
  // the topology asks for a million-unit layer, the manifest still lists the small weights
  variant("giant-topology", (j) => { layer(j, "out").units = 1_000_000; });
  // a convolution with an absurd kernel
  variant("giant-kernel", (j) => { layer(j, "conv1").kernel_size = [40000, 40000]; });
  variant("missing-shard", () => {}, null);
  variant("short-shard", () => {}, shard.subarray(0, Math.floor(shard.length / 2)));
  variant("float64-weights", (j) => { weights(j)[0].dtype = "float64"; });
  variant("string-weights", (j) => { weights(j)[0].dtype = "string"; });
  variant("bad-shape", (j) => { weights(j)[0].shape = [3, -3, 3.5, "4"] as never; });
  variant("shard-outside", (j) => { j.weightsManifest[0].paths = ["../../../../etc/passwd"]; });
  variant("no-layers", (j) => { j.modelTopology.config.layers = "nope"; });
  return out;
}
