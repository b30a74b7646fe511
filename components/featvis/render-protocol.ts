// The live render's worker side: a (Web) worker loads a packed network from its URL (posting
// the download's progress), keeps it for the next render of the same network, and runs
// runLiveRender on messages from the page, posting progress after each step and finally the
// RGBA image with the render's summary. A "cancel" is answered between steps (render() checks
// its signal there). No DOM: only a port.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {runLiveRender, type LiveRenderSpec} from "./live-job.ts";
import type {RenderResult} from "./render.ts";
import type {BytesProgress} from "../zoo/fetch-bytes.ts";

export interface RenderRequestJob {
  type: "render";
  id: number;
  /** The packed network file (absolute URL in a browser; whatever `load` understands in tests). */
  url: string;
  /** The page's backend: the worker uses it if it starts there, else wasm. */
  backend: string;
  /** tfjs-backend-wasm binaries by file name, absolute URLs. */
  wasmPaths: Record<string, string>;
  spec: LiveRenderSpec;
}

export type RenderRequest = RenderRequestJob | {type: "cancel"; id: number};

export type RenderReply =
  | {type: "loading"; id: number; loaded: number; total: number}
  | {type: "ready"; id: number; backend: string}
  | {type: "progress"; id: number; step: number; steps: number; objective: number}
  | {type: "done"; id: number; result: RenderResult}
  | {type: "error"; id: number; message: string};

export interface RenderPort {
  postMessage(message: RenderReply, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (e: MessageEvent<RenderRequest>) => void): void;
}

export interface RenderWorkerHooks {
  /** Start a backend for the job (the page's, else wasm); returns the one in use. */
  prepare(job: RenderRequestJob): Promise<string>;
  /** Fetch and build the packed network at `url` on the current backend, reporting the bytes fetched. */
  load(url: string, onBytes: BytesProgress): Promise<ZooModel>;
}

/** Serve render jobs on `port`, one at a time in arrival order; cancels act at once. */
export function serveRender(port: RenderPort, hooks: RenderWorkerHooks): void {
  let cached: {key: string; model: Promise<ZooModel>} | null = null;
  const aborts = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();
  const modelFor = (url: string, backend: string, onBytes: BytesProgress): Promise<ZooModel> => {
    const key = `${backend} ${url}`;
    if (cached?.key !== key) {
      cached?.model.then((m) => m.dispose(), () => {});
      const model = hooks.load(url, onBytes);
      cached = {key, model};
      model.catch(() => { if (cached?.model === model) cached = null; }); // a failed load may be retried
    }
    return cached.model;
  };
  const handle = async (job: RenderRequestJob, abort: AbortController): Promise<void> => {
    const {id} = job;
    try {
      if (abort.signal.aborted) throw new Error("cancelled before it started");
      const backend = await hooks.prepare(job);
      const model = await modelFor(job.url, backend, downloadReporter(port, id));
      port.postMessage({type: "ready", id, backend});
      const result = await runLiveRender(model, job.spec, {
        signal: abort.signal,
        onProgress: (step, steps, objective) => port.postMessage({type: "progress", id, step, steps, objective}),
      });
      port.postMessage({type: "done", id, result}, [result.image.data.buffer]); // our own copy: safe to transfer
    } catch (e) {
      port.postMessage({type: "error", id, message: e instanceof Error ? e.message : String(e)});
    } finally {
      aborts.delete(id);
    }
  };
  port.addEventListener("message", (e) => {
    const msg = e.data;
    if (msg.type === "cancel") {
      aborts.get(msg.id)?.abort();
      return;
    }
    if (msg.type !== "render") return;
    const abort = new AbortController();
    aborts.set(msg.id, abort);
    queue = queue.then(() => handle(msg, abort));
  });
}

/** Posts the download's progress for job `id`: at the start, at each whole percent (or 1 MB without a length), at the end. */
function downloadReporter(port: RenderPort, id: number): BytesProgress {
  let last = -1;
  return (loaded, total) => {
    const mark = total ? Math.floor((100 * loaded) / total) : Math.floor(loaded / 1e6);
    if (mark === last && !(total > 0 && loaded === total)) return; // without a length, no "end" to force
    last = mark;
    port.postMessage({type: "loading", id, loaded, total});
  };
}

/** The worker's backend for a job: the page's if it starts here, else wasm. */
export async function workerBackend(requested: string, startWasm: () => Promise<void>): Promise<string> {
  const current = () => tf.engine().backendName; // not tf.getBackend(): that would start the best registered backend
  if (current() === requested) return requested;
  if (requested !== "wasm" && requested !== "cpu") {
    try {
      if (await tf.setBackend(requested)) {
        await tf.ready();
        return requested;
      }
    } catch {
      // no WebGL/WebGPU in this worker (no OffscreenCanvas, no adapter): wasm below
    }
  }
  if (current() !== "wasm") await startWasm();
  return "wasm";
}
