// Start a worker thread running a TypeScript module; the module reads its own data with
// `workerInput()`.
import {Worker, workerData} from "node:worker_threads";

const BOOT = new URL("./ts-worker-boot.mjs", import.meta.url);

export function startTsWorker(entry: URL, data: unknown): Worker {
  return new Worker(BOOT, {workerData: {entry: entry.href, data}});
}

/** Inside the worker: the data it was started with. */
export function workerInput<T>(): T {
  return (workerData as {data: T}).data;
}
