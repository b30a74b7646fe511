// The ONE place that picks the tfjs backend in a page. tfjs's backend is global, so a page
// calls setupTf() once and every cell that computes depends on its result.
// Order: WebGL (fast, every gradient kernel), then wasm (self-hosted binaries, with our
// replacement gradients), then cpu. `?backend=wasm|cpu|webgl` forces one (tests use wasm or
// cpu, which are deterministic across machines).
import * as tf from "@tensorflow/tfjs";
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";
import {registerWasmGradients} from "./wasm-gradients.ts";

export type BackendName = "webgl" | "wasm" | "cpu";
export const BACKENDS: readonly BackendName[] = ["webgl", "wasm", "cpu"];

export interface TfSetup {
  tf: typeof tf;
  backend: BackendName;
  /** Backends tried before this one, with why each failed. */
  skipped: {backend: BackendName; reason: string}[];
}

export interface TfOptions {
  /** File name -> URL of the tfjs-backend-wasm binaries; without it wasm is not tried. */
  wasmPaths?: Record<string, string>;
  /** Force a backend (else read from `?backend=` in the page URL). */
  backend?: BackendName | null;
}

/** The backend forced by the page URL, if any. */
export function requestedBackend(search: string = globalThis.location?.search ?? ""): BackendName | null {
  const b = new URLSearchParams(search).get("backend");
  return b && (BACKENDS as readonly string[]).includes(b) ? (b as BackendName) : null;
}

let ready: Promise<TfSetup> | null = null;

async function trySetBackend(name: BackendName, wasmPaths?: Record<string, string>): Promise<void> {
  if (name === "wasm") {
    if (!wasmPaths) throw new Error("no self-hosted wasm binaries configured");
    setWasmPaths(wasmPaths);
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend("${name}") returned false`);
  await tf.ready();
  if (name === "webgl") tf.tidy(() => tf.zeros([1, 4, 4, 1]).conv2d(tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, "same").dataSync()); // a context that exists but cannot compile shaders fails here, not mid-page
}

/** Pick and initialise the backend once per page; later calls return the same result. */
export function setupTf(options: TfOptions = {}): Promise<TfSetup> {
  ready ??= (async () => {
    const forced = options.backend ?? requestedBackend();
    const order: BackendName[] = forced ? [forced] : [...BACKENDS];
    const skipped: TfSetup["skipped"] = [];
    for (const backend of order) {
      try {
        await trySetBackend(backend, options.wasmPaths);
        if (backend === "wasm") registerWasmGradients();
        return {tf, backend, skipped};
      } catch (e) {
        skipped.push({backend, reason: e instanceof Error ? e.message : String(e)});
      }
    }
    throw new Error(`no tfjs backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ")}`);
  })();
  return ready;
}

/** A one-line badge saying which backend computes this page (and why others were skipped). */
export function backendBadge(setup: TfSetup): HTMLElement {
  const el = document.createElement("span");
  el.className = "cnn-backend";
  el.dataset.backend = setup.backend;
  el.textContent = `tfjs backend: ${setup.backend}`;
  if (setup.skipped.length) el.title = setup.skipped.map((s) => `${s.backend} unavailable: ${s.reason}`).join("\n");
  return el;
}
