// Features during training (Zeiler & Fergus 2014, Sec. 4, Fig. 4): the same channels of a
// network at several epochs of one training run, each shown by its strongest unit over an image
// set (patch and reconstruction). Low layers settle within the first epochs; high layers keep
// changing. Channels are comparable across epochs because the snapshots come from one run: a
// channel is the same filter, trained further.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import type {LayersZoo} from "./layers-zoo.ts";
import type {Rule} from "./rules.ts";
import {topPatches, type TopPatch} from "./top-patches.ts";
import {readAndDispose} from "../tf/read.ts";

export interface Snapshot {
  epoch: number;
  model: ZooModel;
}

export interface ChannelHistory {
  layer: string;
  channel: number;
  /** One entry per snapshot, in the order given: the strongest unit over the image set. */
  epochs: Array<{epoch: number; patch: TopPatch}>;
}

/** The `k` channels of `layer` with the largest mean activation over the images, for `model`. */
export async function strongestChannels(model: ZooModel, images: tf.Tensor4D[], layer: string, k: number): Promise<number[]> {
  const means = await readAndDispose(tf.tidy(() => {
    const sums = images.map((x) => {
      const a = model.activations(x, [layer])[0];
      return tf.mean(tf.reshape(a, [-1, a.shape.at(-1)!]), 0);
    });
    return tf.addN(sums);
  }));
  return Array.from(means.keys()).sort((a, b) => means[b] - means[a]).slice(0, k);
}

/**
 * For each layer, the `k` channels strongest in the last snapshot, followed back through every
 * snapshot. Reconstructions are kept (the caller disposes them) when asked.
 */
export async function featuresDuringTraining(snapshots: Snapshot[], images: tf.Tensor4D[], layers: string[], {k = 3, rule = "deconvnet" as Rule, keepReconstructions = false} = {}): Promise<ChannelHistory[]> {
  const last = snapshots[snapshots.length - 1].model;
  const out: ChannelHistory[] = [];
  for (const layer of layers) {
    for (const channel of await strongestChannels(last, images, layer, k)) {
      const epochs: ChannelHistory["epochs"] = [];
      for (const s of snapshots) epochs.push({epoch: s.epoch, patch: (await topPatches(s.model, images, layer, channel, {k: 1, rule, keepReconstructions}))[0]});
      out.push({layer, channel, epochs});
    }
  }
  return out;
}

/**
 * How settled each layer is at each snapshot: the cosine similarity of its kernel with the last
 * snapshot's kernel (1 = already final). Needs the models' weights (layers-zoo.ts).
 */
export async function kernelSimilarity(models: LayersZoo[], layer: string): Promise<number[]> {
  const kernels = models.map((m) => {
    const w = m.weighted.find((l) => l.name === layer);
    if (!w) throw new Error(`${m.zoo.id}: no layer "${layer}" with weights`);
    return w.getWeights()[0];
  });
  const last = kernels[kernels.length - 1];
  const out: number[] = [];
  for (const k of kernels) {
    // the three numbers leave tidy as one tensor, read once: [k·last, ||k||, ||last||]
    const [dot, normK, normLast] = await readAndDispose(tf.tidy(() => tf.stack([tf.sum(tf.mul(k, last)), tf.norm(k), tf.norm(last)])));
    out.push(dot / (normK * normLast || 1));
  }
  return out;
}

/** kernelSimilarity of each layer in turn: one curve per layer, in `layers` order. */
export async function kernelSimilarityByLayer(models: LayersZoo[], layers: string[]): Promise<number[][]> {
  const out: number[][] = [];
  for (const layer of layers) out.push(await kernelSimilarity(models, layer));
  return out;
}
