// Data-parallel training on several cores: worker threads each hold a replica of the network
// and its optimizer; every step, shard k of the batch goes to worker k mod W, the coordinator
// averages the shard gradients in shard order and sends the mean to every replica, which
// applies it. All replicas start from the same seeded weights and apply the same float32
// update, so they stay bit-identical, and the result does not depend on the number of
// workers (see components/tf/data-parallel.ts).
import os from "node:os";
import {Worker} from "node:worker_threads";
import type {LayersModel} from "@tensorflow/tfjs";
import {initTf} from "../node/tf.ts";
import {logitsModel} from "../../components/models/shapetex-net.ts";
import {combine, LocalStepper, shardBounds, sliceShard, type GradientStepper, type ShardData, type ShardGradient} from "../../components/tf/data-parallel.ts";
import type {ReplicaSpec} from "./replica-worker.ts";

const WORKER_URL = new URL("./replica-worker-boot.mjs", import.meta.url);

/** Workers to use by default: one per core, at most the number of shards. */
export function defaultWorkers(shards: number): number {
  return Math.max(1, Math.min(shards, os.availableParallelism?.() ?? os.cpus().length));
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

class Replica {
  private queue: Pending[] = [];
  private failed: Error | null = null;
  readonly ready: Promise<unknown>;

  constructor(readonly worker: Worker) {
    this.ready = this.next();
    worker.on("message", (msg: {type: string; message?: string}) => {
      const p = this.queue.shift();
      if (!p) return;
      if (msg.type === "error") p.reject(new Error(`training worker: ${msg.message}`));
      else p.resolve(msg);
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const p of this.queue.splice(0)) p.reject(e);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`training worker exited (code ${code})`)));
  }

  /** The worker's next reply (replies come in request order). */
  next<T>(): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<T>((resolve, reject) => this.queue.push({resolve: resolve as (v: unknown) => void, reject}));
  }
}

export class WorkerStepper implements GradientStepper {
  private constructor(private replicas: Replica[], private shards: number) {}

  /** Start `workers` replicas of the network described by `spec` (seeded: identical weights). */
  static async start(spec: ReplicaSpec, shards: number, workers = defaultWorkers(shards)): Promise<WorkerStepper> {
    if (workers < 1 || workers > shards) throw new Error(`workers must be between 1 and the number of shards (${shards}), got ${workers}`);
    const replicas = Array.from({length: workers}, () => new Replica(new Worker(WORKER_URL, {workerData: spec})));
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
    const replies = await Promise.all(this.replicas.map((r, w) => {
      const reply = r.next<{results: ShardGradient[]}>();
      r.worker.postMessage({type: "grads", shards: mine[w]}, mine[w].map((s) => s.images.buffer as ArrayBuffer));
      return reply;
    }));
    const ordered: ShardGradient[] = [];
    for (let k = 0; k < this.shards; k++) ordered.push(replies[k % W].results[Math.floor(k / W)]);
    const {grads, loss, hits} = combine(ordered);
    for (const r of this.replicas) r.worker.postMessage({type: "apply", grads, learningRate}); // structured clone: each gets a copy
    return {loss, hits};
  }

  async weights(): Promise<Float32Array[]> {
    const r = this.replicas[0];
    const reply = r.next<{weights: Float32Array[]}>();
    r.worker.postMessage({type: "weights"});
    return (await reply).weights;
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
