// Heavy precompute and `lab` work on every core: worker threads each load one zoo network once
// and serve jobs (a group of channels to render, an image to sweep through shifts), each worker
// taking the next job as soon as it is free. A job's result depends only on the job, so what
// comes back is byte-identical whatever the number of workers (test/model-pool.test.ts).
import {coreCount, OrderedWorker} from "../node/ordered-worker.ts";
import {startTsWorker} from "../node/ts-worker.ts";
import type {ModelPoolSpec, PoolJob} from "./model-pool-worker.ts";
import type {GroupRender} from "./renders.ts";
import type {ImageSweep} from "./shift-sweeps.ts";

const WORKER_URL = new URL("./model-pool-worker.ts", import.meta.url);

export interface ModelPool {
  readonly workers: number;
  /** Render one group of channels of one layer on the next free worker. */
  render: GroupRender;
  /** Sweep one image through its shifts on the next free worker. */
  sweep: ImageSweep;
  close(): Promise<void>;
}

/** Start `workers` threads, each with its own wasm backend and copy of network `id`. */
export async function startModelPool(id: string, workers = coreCount()): Promise<ModelPool> {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`workers must be a whole number >= 1, got ${workers}`);
  const spec: ModelPoolSpec = {model: id};
  const threads = Array.from({length: workers}, (_, i) => new OrderedWorker(startTsWorker(WORKER_URL, spec), `${id} worker ${i + 1}`));
  const close = () => Promise.all(threads.map((t) => t.worker.terminate())).then(() => {});
  try {
    await Promise.all(threads.map((t) => t.ready));
  } catch (e) {
    await close();
    throw e;
  }
  const idle = [...threads];
  const waiting: Array<(t: OrderedWorker) => void> = [];
  const run = async <T>(job: PoolJob): Promise<T> => {
    const t = idle.shift() ?? await new Promise<OrderedWorker>((resolve) => waiting.push(resolve));
    try {
      return (await t.ask<{result: T}>(job)).result;
    } finally {
      const next = waiting.shift();
      if (next) next(t);
      else idle.push(t);
    }
  };
  return {
    workers,
    render: (layer, channels, settings) => run({kind: "render", layer, channels, settings}),
    sweep: (image, protocol, geometry) => run({kind: "sweep", image, protocol, geometry}),
    close,
  };
}
