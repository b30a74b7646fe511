// `lab training-features`: the ShapeTex training snapshots' features (Zeiler & Fergus, Fig. 4).
import {initTf, tf} from "../node/tf.ts";
import type {Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {integerOption} from "./backward-io.ts";
import {packSnapshot, snapshotEpochs} from "../node/snapshots.ts";
import {loadPackedWithLayers} from "../../components/backward/layers-zoo.ts";
import {featuresDuringTraining, kernelSimilarityByLayer} from "../../components/backward/training-features.ts";
import {makeShapeTexBatch} from "../../components/datasets/shapetex.ts";

export const options = defineOptions({
  layers: opt.text("comma-separated layers", {default: "conv1_1,conv2_2,conv3_2", value: "L1,L2,..."}),
  k: opt.integer("channels per layer, the strongest at the end", {default: 3, min: 1, max: 512}),
  n: opt.integer("ShapeTex images searched (seed 1)", {default: 32, min: 1, max: 10000}),
});

export const description = `The ShapeTex training snapshots' features (Zeiler & Fergus 2014, Fig. 4).
The snapshots in models/shapetex-snapshots/ (npm run train -- --snapshots ...). Per layer: the cosine
similarity of its kernel with the last snapshot's, and the k channels strongest at the end, each
followed back through the epochs by its strongest unit over n ShapeTex images (seed 1).
Prints {epochs, images, layers: [{layer, kernelSimilarity: [..], channels: [{channel, epochs: [{epoch, activation, image, box}]}]}], seconds}.`;

export const usage = usageText("training-features", options, description);

export async function run(args: Args) {
  await initTf();
  const epochs = snapshotEpochs();
  if (epochs.length < 2) throw new Error("fewer than two snapshots in models/shapetex-snapshots/ (make them with npm run train -- --snapshots 1,2,5,10)");
  const layers = (args.options.get("layers") ?? "conv1_1,conv2_2,conv3_2").split(",");
  const k = integerOption(args, "k", 3, 1), n = integerOption(args, "n", 32, 1);
  const snaps = await Promise.all(epochs.map(async (epoch) => ({epoch, ...(await loadPackedWithLayers(packSnapshot(epoch)))})));
  for (const l of layers) if (!snaps[0].zoo.layers.some((q) => q.name === l)) throw new Error(`no layer "${l}" (layers: ${snaps[0].zoo.layers.map((q) => q.name).join(", ")})`);
  const size = snaps[0].zoo.inputSize[0];
  const batch = makeShapeTexBatch(1, n, {size});
  const images = Array.from({length: n}, (_, i) => tf.tensor4d(batch.images.subarray(i * size * size * 3, (i + 1) * size * size * 3), [1, size, size, 3]));
  try {
    const t0 = performance.now();
    const histories = await featuresDuringTraining(snaps.map((s) => ({epoch: s.epoch, model: s.zoo})), images, layers, {k});
    const similarity = await kernelSimilarityByLayer(snaps, layers);
    return {
      epochs, images: n,
      layers: layers.map((layer, j) => ({
        layer,
        kernelSimilarity: similarity[j],
        channels: histories.filter((h) => h.layer === layer).map((h) => ({channel: h.channel, epochs: h.epochs.map((e) => ({epoch: e.epoch, activation: e.patch.activation, image: e.patch.image, box: e.patch.box}))})),
      })),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose(images);
    for (const s of snaps) s.zoo.dispose();
  }
}
