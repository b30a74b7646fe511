// The page's side of "Render live" off the main thread: the job goes to a module Web Worker
// (components/featvis/render-protocol.ts) which loads the packed network itself and keeps it for
// the next render, so the page only draws progress and, at the end, the image. One worker per
// page, started on the first render. Cancel posts a message (answered between steps, with the
// partial image); a worker that does not answer within CANCEL_GRACE_MS is terminated. A Cancel
// while the worker still loads the network returns at once and lets the load finish (kept).
import type {WorkerAssets} from "../tf/worker-stepper.ts";
import type {RenderResult} from "./render.ts";
import type {LiveRenderSpec} from "./live-job.ts";
import type {RenderReply, RenderRequest} from "./render-protocol.ts";

const assets: WorkerAssets = {};

export function configureRenderWorker(a: WorkerAssets): void {
  Object.assign(assets, a);
}

/** The parts of a Worker we use; a MessagePort (plus a terminate) stands in for it in Node tests. */
export interface RenderWorkerLike {
  postMessage(message: RenderRequest): void;
  addEventListener(type: string, listener: (e: Event) => void): void;
  terminate(): void;
}

export const CANCEL_GRACE_MS = 3000;

/** The worker could not start or load the network: the caller renders on the main thread instead. */
export class WorkerUnavailable extends Error {}

export interface WorkerRenderHooks {
  signal?: AbortSignal;
  /** The worker is downloading the network: bytes so far, of `total` (0: unknown). */
  onLoading?: (loaded: number, total: number) => void;
  /** The worker has the network on `backend` and starts stepping. */
  onReady?: (backend: string) => void;
  onProgress?: (step: number, steps: number, objective: number) => void;
}

/** The render result, or null when Cancel came before the first step or had to terminate a worker that did not answer. */
export type WorkerRenderOutcome = {result: RenderResult; backend: string} | {result: null; backend: string};

let shared: {worker: RenderWorkerLike; failed: Error | null; listeners: Set<(r: RenderReply) => void>; onFail: Set<(e: Error) => void>} | null = null;
let nextId = 1;

function connect(makeWorker: () => RenderWorkerLike) {
  if (shared && !shared.failed) return shared;
  const worker = makeWorker();
  const s = {worker, failed: null as Error | null, listeners: new Set<(r: RenderReply) => void>(), onFail: new Set<(e: Error) => void>()};
  const fail = (e: Error) => {
    if (s.failed) return;
    s.failed = e;
    worker.terminate();
    for (const f of [...s.onFail]) f(e);
  };
  worker.addEventListener("message", (e) => { for (const l of [...s.listeners]) l((e as MessageEvent<RenderReply>).data); });
  worker.addEventListener("error", (e) => fail(new Error(`the render worker failed${(e as ErrorEvent).message ? `: ${(e as ErrorEvent).message}` : " to load"}`)));
  worker.addEventListener("messageerror", () => fail(new Error("the render worker sent a message that could not be read")));
  shared = s;
  return s;
}

/** Whether this page can render in a worker at all; else the reason it cannot. */
export function renderWorkerUnavailable(): string | null {
  if (typeof Worker === "undefined") return "this browser offers no Web Workers";
  if (!assets.url || !assets.wasmPaths) return "this build has no render worker";
  return null;
}

/**
 * Run `spec` on the packed network at `url` in the page's render worker. Rejects with
 * WorkerUnavailable when the worker cannot start or load the network (nothing was rendered:
 * render on the main thread instead). `makeWorker` is for tests.
 */
export function renderInWorker(url: string, backend: string, spec: LiveRenderSpec, hooks: WorkerRenderHooks = {}, makeWorker?: () => RenderWorkerLike): Promise<WorkerRenderOutcome> {
  if (!makeWorker) {
    const why = renderWorkerUnavailable();
    if (why) return Promise.reject(new WorkerUnavailable(why));
  }
  let s: ReturnType<typeof connect>;
  try {
    s = connect(makeWorker ?? (() => new Worker(assets.url!, {type: "module", name: "cnn-render"})));
  } catch (e) {
    return Promise.reject(new WorkerUnavailable(e instanceof Error ? e.message : String(e)));
  }
  const id = nextId++;
  const {signal, onLoading, onReady, onProgress} = hooks;
  return new Promise<WorkerRenderOutcome>((resolve, reject) => {
    let started = false, workerBackend = backend, grace: ReturnType<typeof setTimeout> | undefined;
    const end = () => {
      s.listeners.delete(listen);
      s.onFail.delete(failed);
      signal?.removeEventListener("abort", cancel);
      clearTimeout(grace);
    };
    const failed = (e: Error) => {
      end();
      if (signal?.aborted) resolve({result: null, backend: workerBackend}); // terminated by our own Cancel
      else reject(started ? e : new WorkerUnavailable(e.message));
    };
    const listen = (r: RenderReply) => {
      if (r.id !== id) return;
      if (r.type === "loading") {
        onLoading?.(r.loaded, r.total);
      } else if (r.type === "ready") {
        started = true;
        workerBackend = r.backend;
        onReady?.(r.backend);
      } else if (r.type === "progress") {
        onProgress?.(r.step, r.steps, r.objective);
      } else if (r.type === "done") {
        end();
        resolve({result: r.result, backend: workerBackend});
      } else if (r.type === "error") {
        end();
        if (signal?.aborted && !started) resolve({result: null, backend: workerBackend});
        else reject(started ? new Error(`render worker: ${r.message}`) : new WorkerUnavailable(`the render worker could not load the network (${r.message})`));
      }
    };
    const cancel = () => {
      s.worker.postMessage({type: "cancel", id});
      if (!started) { // still loading the network: let it finish (it is kept for the next render), skip the job
        end();
        resolve({result: null, backend: workerBackend});
        return;
      }
      // a worker busy in one long step (or hung) answers late or never: stop it
      grace = setTimeout(() => {
        const e = new Error("render worker terminated by Cancel");
        if (shared === s) shared = null;
        s.failed ??= e;
        s.worker.terminate();
        failed(e);
      }, CANCEL_GRACE_MS);
    };
    s.listeners.add(listen);
    s.onFail.add(failed);
    if (s.failed) return failed(s.failed);
    if (signal?.aborted) return resolve({result: null, backend});
    signal?.addEventListener("abort", cancel, {once: true});
    s.worker.postMessage({type: "render", id, url, backend, wasmPaths: assets.wasmPaths ?? {}, spec});
  });
}

/** Forget the page's worker (tests; a worker that failed is replaced on the next render anyway). */
export function closeRenderWorker(): void {
  shared?.worker.terminate();
  shared = null;
}
