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
  /** Set when this setup replaced WebGL after its context was lost. */
  fallback?: string;
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

/** Resolves when the WebGL backend's context is lost (never, on other backends). */
function webglContextLost(): Promise<string> {
  return new Promise((resolve) => {
    // tfjs keeps its canvas inside the backend; the event is what a GPU reset or a forced
    // loss (WEBGL_lose_context) fires
    const backend = tf.backend() as unknown as {gpgpu?: {gl?: WebGLRenderingContext}};
    const canvas = backend.gpgpu?.gl?.canvas as (HTMLCanvasElement | OffscreenCanvas | undefined);
    if (!canvas) return;
    canvas.addEventListener("webglcontextlost", () => resolve("the WebGL context was lost"), {once: true});
  });
}

/** After a lost context: drop WebGL for good and start the next backend. */
async function fallBack(options: TfOptions, reason: string): Promise<TfSetup> {
  try {
    tf.removeBackend("webgl");
  } catch {
    // already gone
  }
  const skipped: TfSetup["skipped"] = [{backend: "webgl", reason}];
  for (const backend of ["wasm", "cpu"] as const) {
    try {
      await trySetBackend(backend, options.wasmPaths);
      if (backend === "wasm") registerWasmGradients();
      return {tf, backend, skipped, fallback: reason};
    } catch (e) {
      skipped.push({backend, reason: e instanceof Error ? e.message : String(e)});
    }
  }
  throw new Error(`no tfjs backend could replace WebGL: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ")}`);
}

let lost: Promise<TfSetup> | null = null;

/**
 * The page's backend over time, for a reactive page: the first setup, then (if the WebGL
 * context is lost, e.g. the GPU resets) a wasm or cpu setup, so that every cell that
 * computes runs again on it instead of leaving a blank figure.
 */
export async function* setupsOverTime(options: TfOptions = {}): AsyncGenerator<TfSetup> {
  const first = await setupTf(options);
  yield first;
  if (first.backend !== "webgl") return;
  const reason = await webglContextLost();
  lost ??= fallBack(options, reason);
  ready = lost;
  const next = await lost;
  showFallbackNotice(next);
  yield next;
}

/** A notice, once per page, that the figures now compute on another backend. */
function showFallbackNotice(setup: TfSetup): void {
  if (typeof document === "undefined" || document.querySelector(".cnn-fallback-notice")) return;
  const note = document.createElement("p");
  note.className = "cnn-fallback-notice";
  note.setAttribute("role", "alert");
  note.textContent = `The graphics card stopped (${setup.fallback}), so this page now computes with ${setup.backend === "wasm" ? "WebAssembly" : "the plain JavaScript backend"}: slower, but the figures below were recomputed. Reload the page to try the graphics card again.`;
  const main = document.querySelector("#observablehq-main") ?? document.body;
  main.prepend(note);
}

/** A one-line badge saying which backend computes this page (and why others were skipped). */
export function backendBadge(setup: TfSetup): HTMLElement {
  const el = document.createElement("span");
  el.className = "cnn-backend";
  el.dataset.backend = setup.backend;
  el.textContent = `tfjs backend: ${setup.backend}${setup.fallback ? " (WebGL context lost)" : ""}`;
  if (setup.skipped.length) el.title = setup.skipped.map((s) => `${s.backend} unavailable: ${s.reason}`).join("\n");
  return el;
}
