// Data-parallel training on several cores: worker threads each hold a replica of the network
// and its optimizer; every step, shard k of the batch goes to worker k mod W, the coordinator
// averages the shard gradients in shard order and sends the mean to every replica, which
// applies it. All replicas start from the same seeded weights and apply the same float32
// update, so they stay bit-identical, and the result does not depend on the number of
// workers (see components/tf/data-parallel.ts).
import {coreCount, OrderedWorker} from "../node/ordered-worker.ts";
import {startTsWorker} from "../node/ts-worker.ts";
import type {LayersModel} from "@tensorflow/tfjs";
import {initTf} from "../node/tf.ts";
import {logitsModel} from "../../components/models/shapetex-net.ts";
import {combine, LocalStepper, shardBounds, sliceShard, type GradientStepper, type ShardData, type ShardGradient} from "../../components/tf/data-parallel.ts";
import type {ReplicaSpec} from "./replica-worker.ts";

const WORKER_URL = new URL("./replica-worker.ts", import.meta.url);

/** Workers to use by default: one per core, at most the number of shards. */
export function defaultWorkers(shards: number): number {
  return Math.max(1, Math.min(shards, coreCount()));
}

export class WorkerStepper implements GradientStepper {
  private constructor(private replicas: OrderedWorker[], private shards: number) {}

  /** Start `workers` replicas of the network described by `spec` (seeded: identical weights). */
  static async start(spec: ReplicaSpec, shards: number, workers = defaultWorkers(shards)): Promise<WorkerStepper> {
    if (workers < 1 || workers > shards) throw new Error(`workers must be between 1 and the number of shards (${shards}), got ${workers}`);
    const replicas = Array.from({length: workers}, () => new OrderedWorker(startTsWorker(WORKER_URL, spec), "training worker"));
    try {
      await Promise.all(replicas.map((r) => r.ready));
    } catch (e) {
      await Promise.all(replicas.map((r) => r.worker.terminate()));
      throw e;
    }
    return new WorkerStepper(replicas, shards);
  }

  get workers(): number {
    return this.replicas.length;
  }

  async step(images: Float32Array, labels: Int32Array, size: number, learningRate: number) {
    const W = this.replicas.length;
    const mine: ShardData[][] = this.replicas.map(() => []);
    shardBounds(labels.length, this.shards).forEach((b, k) => mine[k % W].push(sliceShard(images, labels, size, b)));
    const replies = await Promise.all(this.replicas.map((r, w) =>
      r.ask<{results: ShardGradient[]}>({type: "grads", shards: mine[w]}, mine[w].map((s) => s.images.buffer as ArrayBuffer))));
    const ordered: ShardGradient[] = [];
    for (let k = 0; k < this.shards; k++) ordered.push(replies[k % W].results[Math.floor(k / W)]);
    const {grads, loss, hits} = combine(ordered);
    for (const r of this.replicas) r.worker.postMessage({type: "apply", grads, learningRate}); // structured clone: each gets a copy
    return {loss, hits};
  }

  async weights(): Promise<Float32Array[]> {
    return (await this.replicas[0].ask<{weights: Float32Array[]}>({type: "weights"})).weights;
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.worker.terminate()));
  }
}

/** The step's engine: `workers` threads, or this thread (on `model` itself) when workers <= 1. */
export async function makeStepper(net: ReplicaSpec["net"], model: LayersModel, learningRate: number, shards: number, workers: number): Promise<GradientStepper> {
  const tf = await initTf();
  if (workers <= 1) return new LocalStepper(model, logitsModel(model), tf.train.adam(learningRate), shards, net.classes);
  return WorkerStepper.start({net, learningRate}, shards, workers);
}

/** trainShapeTex's makeStepper hook for Node: one worker thread per shard, up to the cores. */
export const nodeStepper = (net: ReplicaSpec["net"], model: LayersModel, learningRate: number, shards: number): Promise<GradientStepper> =>
  makeStepper(net, model, learningRate, shards, defaultWorkers(shards));
