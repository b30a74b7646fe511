// The page's side of in-page training: gradient steps run in a Web Worker (one replica, on
// tfjs's deterministic wasm backend) so the page's main thread stays free for the reader, and
// only batches and the scalar loss cross the boundary. Where no Worker exists, or the worker
// cannot start, the steps run on the main thread as before (LocalStepper), and the caller is
// told which one it got. The worker's URL and the wasm binaries' URLs come from the site shell
// (components/site/assets.ts), which gets them from the build.
import * as tf from "@tensorflow/tfjs";
import {logitsModel, type ShapeTexNetOptions} from "../models/shapetex-net.ts";
import {LocalStepper, type GradientStepper} from "./data-parallel.ts";
import type {ReplicaInit, ReplicaReply, ReplicaRequest} from "./replica-protocol.ts";

/** The site's experiment worker and the wasm binaries it loads (both the trainer and the live render use it). */
export interface WorkerAssets {
  /** The bundled worker module (src/_bundle/experiment-worker.js in the build). */
  url?: string;
  wasmPaths?: Record<string, string>;
}

const assets: WorkerAssets = {};

export function configureReplicaWorker(a: WorkerAssets): void {
  Object.assign(assets, a);
}

/** The parts of a Worker we use; a MessagePort (plus a terminate) stands in for it in Node tests. */
export interface WorkerLike {
  postMessage(message: ReplicaRequest): void;
  addEventListener(type: string, listener: (e: Event) => void): void;
  terminate(): void;
}

const abortError = (signal: AbortSignal) => (signal.reason instanceof Error ? signal.reason : new DOMException("cancelled", "AbortError"));

/** A GradientStepper whose replica lives in a worker; replies come back in request order. */
export class WebWorkerStepper implements GradientStepper {
  private queue: Array<{resolve: (r: ReplicaReply) => void; reject: (e: Error) => void}> = [];
  private failed: Error | null = null;
  /** The worker's tfjs backend (wasm). */
  backend = "";

  private constructor(private worker: WorkerLike) {
    worker.addEventListener("message", (e) => {
      const reply = (e as MessageEvent<ReplicaReply>).data;
      const p = this.queue.shift();
      if (!p) return;
      if (reply.type === "error") p.reject(new Error(`training worker: ${reply.message}`));
      else p.resolve(reply);
    });
    // a module that fails to load or throws at the top level; an unreadable message
    worker.addEventListener("error", (e) => this.stop(new Error(`training worker failed${(e as ErrorEvent).message ? `: ${(e as ErrorEvent).message}` : " to load"}`)));
    worker.addEventListener("messageerror", () => this.stop(new Error("training worker: a message could not be read")));
  }

  /** Start the replica: resolves once the worker has built the network on its backend. Aborting `signal` stops the worker at once. */
  static async start(worker: WorkerLike, init: Omit<ReplicaInit, "type">, signal?: AbortSignal): Promise<WebWorkerStepper> {
    const s = new WebWorkerStepper(worker);
    if (signal?.aborted) s.stop(abortError(signal));
    signal?.addEventListener("abort", () => s.stop(abortError(signal)), {once: true});
    const ready = await s.request({type: "init", ...init});
    if (ready.type === "ready") s.backend = ready.backend;
    return s;
  }

  private request(msg: ReplicaRequest): Promise<ReplicaReply> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({resolve, reject});
      this.worker.postMessage(msg); // structured clone: the batch's arrays are copied (under 1 MB a step)
    });
  }

  /** Terminate the worker (a step in flight is dropped) and reject whatever waits on it. */
  private stop(reason: Error): void {
    if (!this.failed) {
      this.failed = reason;
      this.worker.terminate();
    }
    for (const p of this.queue.splice(0)) p.reject(this.failed);
  }

  async step(images: Float32Array, labels: Int32Array, size: number, learningRate: number) {
    const r = await this.request({type: "step", images, labels, size, learningRate});
    if (r.type !== "step") throw new Error(`training worker: expected a step, got "${r.type}"`);
    return {loss: r.loss, hits: r.hits};
  }

  async weights(): Promise<Float32Array[]> {
    const r = await this.request({type: "weights"});
    if (r.type !== "weights") throw new Error(`training worker: expected weights, got "${r.type}"`);
    return r.weights;
  }

  async close(): Promise<void> {
    this.stop(new Error("training worker closed"));
  }
}

/** Where a run's gradient steps ran, and why not in a worker when they did not. */
export interface TrainingEngine {
  where: "worker" | "page";
  backend: string;
  reason?: string;
}

export type MakeStepper = (net: ShapeTexNetOptions, model: tf.LayersModel, learningRate: number, shards: number) => Promise<GradientStepper>;

/**
 * trainShapeTex's makeStepper hook for the page: a Web Worker replica when possible, else
 * this thread. `onEngine` hears which before the first step. `makeWorker` is for tests.
 */
export function pageStepper({signal, onEngine, makeWorker}: {signal?: AbortSignal; onEngine?: (e: TrainingEngine) => void; makeWorker?: () => WorkerLike} = {}): MakeStepper {
  return async (net, model, learningRate, shards) => {
    let reason: string;
    const url = assets.url, wasmPaths = assets.wasmPaths;
    if (!makeWorker && typeof Worker === "undefined") reason = "this browser offers no Web Workers";
    else if (!makeWorker && (!url || !wasmPaths)) reason = "this build has no training worker";
    else {
      try {
        const worker = makeWorker ? makeWorker() : new Worker(url!, {type: "module", name: "cnn-training"});
        const s = await WebWorkerStepper.start(worker, {net, learningRate, shards, wasmPaths: wasmPaths ?? {}}, signal);
        onEngine?.({where: "worker", backend: s.backend});
        return s;
      } catch (e) {
        if (signal?.aborted) throw e;
        reason = e instanceof Error ? e.message : String(e);
      }
    }
    onEngine?.({where: "page", backend: tf.getBackend(), reason});
    return new LocalStepper(model, logitsModel(model), tf.train.adam(learningRate), shards, net.classes, shards > 1 ? () => tf.nextFrame() : undefined);
  };
}
