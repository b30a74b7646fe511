// A worker thread that answers its requests in order: each `next()` is the promise of the next
// reply. A reply of type "error", a crash or an exit rejects what is waiting and everything
// asked afterwards. Used by the training replicas and the model pool (data/precompute/model-pool.ts).
import os from "node:os";
import type {Worker} from "node:worker_threads";

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** Worker threads worth starting for CPU-bound work: one per core. */
export function coreCount(): number {
  return os.availableParallelism?.() ?? os.cpus().length;
}

export class OrderedWorker {
  private queue: Pending[] = [];
  private failed: Error | null = null;
  /** The worker's first message ("ready" once it has set itself up). */
  readonly ready: Promise<unknown>;

  constructor(readonly worker: Worker, readonly name: string) {
    this.ready = this.next();
    worker.on("message", (msg: {type: string; message?: string}) => {
      const p = this.queue.shift();
      if (!p) return;
      if (msg.type === "error") p.reject(new Error(`${name}: ${msg.message}`));
      else p.resolve(msg);
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const p of this.queue.splice(0)) p.reject(e);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`${name} exited (code ${code})`)));
  }

  /** The worker's next reply (replies come in request order). */
  next<T>(): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<T>((resolve, reject) => this.queue.push({resolve: resolve as (v: unknown) => void, reject}));
  }

  /** Post a request and wait for its reply. */
  ask<T>(message: unknown, transfer: ArrayBuffer[] = []): Promise<T> {
    const reply = this.next<T>();
    this.worker.postMessage(message, transfer);
    return reply;
  }
}
