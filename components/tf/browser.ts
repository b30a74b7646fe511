// The ONE place that picks the tfjs backend in a page. tfjs's backend is global, so a page
// calls setupTf() once and every cell that computes depends on its result.
// Order: WebGPU on a hardware adapter (the fastest tfjs backend where a GPU is there), WebGL
// (every gradient kernel), wasm (self-hosted binaries, with our replacement gradients), cpu.
// A software WebGPU adapter (SwiftShader, `isFallbackAdapter`) is skipped: it ran whole
// networks several times slower than wasm (docs/benchmarks.md). `?backend=webgpu|webgl|wasm|cpu`
// forces one, even a software WebGPU adapter (tests use wasm or cpu, deterministic across
// machines). A lost GPU (WebGL context or WebGPU device) falls back to the next backend.
import * as tf from "@tensorflow/tfjs";
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";
import {registerWasmGradients} from "./wasm-gradients.ts";

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
export const BACKENDS: readonly BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];
const GPU_BACKENDS: readonly BackendName[] = ["webgpu", "webgl"];

/** The parts of the WebGPU API we read (lib.dom has no WebGPU types in our TypeScript). */
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: {isFallbackAdapter?: boolean; vendor?: string; architecture?: string};
}

/** Why WebGPU should not be used unforced here, or null when a hardware adapter exists. */
export async function webgpuUnsuitable(): Promise<string | null> {
  const gpu = (globalThis.navigator as {gpu?: {requestAdapter(o?: object): Promise<GpuAdapterLike | null>}} | undefined)?.gpu;
  if (!gpu) return "this browser offers no WebGPU";
  const adapter = await gpu.requestAdapter({powerPreference: "high-performance"});
  if (!adapter) return "no WebGPU adapter";
  if (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) {
    return `only a software WebGPU adapter (${adapter.info?.architecture || adapter.info?.vendor || "fallback"}), slower than WebGL or wasm for whole networks`;
  }
  return null;
}

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

async function trySetBackend(name: BackendName, wasmPaths?: Record<string, string>, forced = false): Promise<void> {
  if (name === "webgpu" && !forced) {
    const why = await webgpuUnsuitable();
    if (why) throw new Error(why);
  }
  if (name === "wasm") {
    if (!wasmPaths) throw new Error("no self-hosted wasm binaries configured");
    setWasmPaths(wasmPaths);
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend("${name}") returned false`);
  await tf.ready();
  if (GPU_BACKENDS.includes(name)) {
    // a context that exists but cannot compile shaders fails here, not mid-page
    const probe = tf.tidy(() => tf.zeros([1, 4, 4, 1]).conv2d(tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, "same"));
    await probe.data();
    probe.dispose();
  }
}

/** Pick and initialise the backend once per page; later calls return the same result. */
export function setupTf(options: TfOptions = {}): Promise<TfSetup> {
  ready ??= (async () => {
    const forced = options.backend ?? requestedBackend();
    const order: BackendName[] = forced ? [forced] : [...BACKENDS];
    const skipped: TfSetup["skipped"] = [];
    for (const backend of order) {
      try {
        await trySetBackend(backend, options.wasmPaths, backend === forced);
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

/** Resolves with a reason when the GPU behind a WebGL or WebGPU backend is lost (never otherwise). */
function gpuLost(name: BackendName): Promise<string> {
  return new Promise((resolve) => {
    const backend = tf.findBackend(name) as unknown as {gpgpu?: {gl?: WebGLRenderingContext}; device?: {lost?: Promise<{message?: string; reason?: string}>}} | null;
    if (name === "webgpu") {
      // GPUDevice.lost: a driver reset, the GPU removed, or device.destroy()
      backend?.device?.lost?.then((info) => resolve(`the WebGPU device was lost${info?.message ? ` (${info.message})` : ""}`));
      return;
    }
    // tfjs keeps its canvas inside the backend; the event is what a GPU reset or a forced
    // loss (WEBGL_lose_context) fires
    const canvas = backend?.gpgpu?.gl?.canvas as (HTMLCanvasElement | OffscreenCanvas | undefined);
    if (!canvas) return;
    canvas.addEventListener("webglcontextlost", () => resolve("the WebGL context was lost"), {once: true});
  });
}

/** After a lost GPU: drop that backend for good and start the next one in BACKENDS' order. */
async function fallBack(options: TfOptions, lostBackend: BackendName, reason: string): Promise<TfSetup> {
  try {
    tf.removeBackend(lostBackend);
  } catch {
    // already gone
  }
  const skipped: TfSetup["skipped"] = [{backend: lostBackend, reason}];
  for (const backend of BACKENDS.slice(BACKENDS.indexOf(lostBackend) + 1)) {
    try {
      await trySetBackend(backend, options.wasmPaths);
      if (backend === "wasm") registerWasmGradients();
      return {tf, backend, skipped, fallback: reason};
    } catch (e) {
      skipped.push({backend, reason: e instanceof Error ? e.message : String(e)});
    }
  }
  throw new Error(`no tfjs backend could replace ${lostBackend}: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ")}`);
}

let lost: Promise<TfSetup> | null = null;

/**
 * The page's backend over time, for a reactive page: the first setup, then (if the GPU is
 * lost: a WebGL context or a WebGPU device, e.g. the GPU resets) the next backend's setup,
 * so that every cell that computes runs again on it instead of leaving a blank figure.
 */
export async function* setupsOverTime(options: TfOptions = {}): AsyncGenerator<TfSetup> {
  let current = await setupTf(options);
  yield current;
  while (GPU_BACKENDS.includes(current.backend)) {
    const from = current.backend;
    const reason = await gpuLost(from);
    if (!lost || (await lost).backend === from) lost = fallBack(options, from, reason); // every generator of the page shares one fallback per loss
    ready = lost;
    current = await lost;
    showFallbackNotice(current);
    yield current;
  }
}

/** A notice, once per page, that the figures now compute on another backend. */
function showFallbackNotice(setup: TfSetup): void {
  if (typeof document === "undefined" || document.querySelector(".cnn-fallback-notice")) return;
  const note = document.createElement("p");
  note.className = "cnn-fallback-notice";
  note.setAttribute("role", "alert");
  const on = {webgpu: "WebGPU", webgl: "WebGL", wasm: "WebAssembly", cpu: "the plain JavaScript backend"}[setup.backend];
  note.textContent = `The graphics card stopped (${setup.fallback}), so this page now computes with ${on}: ${setup.backend === "webgl" ? "" : "slower, but "}the figures below were recomputed. Reload the page to try the graphics card again.`;
  const main = document.querySelector("#observablehq-main") ?? document.body;
  main.prepend(note);
}

/** A one-line badge saying which backend computes this page (and why others were skipped). */
export function backendBadge(setup: TfSetup): HTMLElement {
  const el = document.createElement("span");
  el.className = "cnn-backend";
  el.dataset.backend = setup.backend;
  const lostWhat = setup.skipped[0]?.backend === "webgpu" ? "WebGPU device lost" : "WebGL context lost";
  el.textContent = `tfjs backend: ${setup.backend}${setup.fallback ? ` (${lostWhat})` : ""}`;
  if (setup.skipped.length) el.title = setup.skipped.map((s) => `${s.backend} unavailable: ${s.reason}`).join("\n");
  return el;
}
