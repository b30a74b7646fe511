// The site's one Web Worker bundle, serving two protocols off the page's main thread: the
// texture chapter's training replica (components/tf/replica-protocol.ts: "init", "step",
// "weights"; always wasm, the arithmetic of Node's committed reference runs) and the live
// feature-visualization render (components/featvis/render-protocol.ts: "render", "cancel"; the
// page's backend if it starts here, else wasm). A page starts one worker per use, so the two
// never share a tfjs instance. data/site/bundle.ts bundles this file on its own into
// src/_bundle/experiment-worker.js (a module worker); pages get its URL via configureSiteAssets.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm"; // registers the backend
import "@tensorflow/tfjs-backend-webgpu"; // likewise: a render follows a WebGPU page where the worker gets an adapter
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";
import {registerWasmBackpropKernels} from "../tf/wasm-gradients.ts";
import {serveReplica, type ReplicaPort} from "../tf/replica-protocol.ts";
import {serveRender, workerBackend, type RenderPort} from "../featvis/render-protocol.ts";
import {loadPackedModel} from "../zoo/packed.ts";
import {fetchBytes} from "../zoo/fetch-bytes.ts";
import {readMissingModel} from "./missing-model.ts";

const RENDER_MESSAGES = new Set(["render", "cancel"]);

/** The worker's global scope, seeing only the messages one protocol understands. */
function route<P>(accept: (type: string) => boolean): P {
  return {
    postMessage: (m: unknown, transfer?: Transferable[]) => globalThis.postMessage(m, {transfer: transfer ?? []}),
    addEventListener: (type: string, listener: (e: MessageEvent) => void) =>
      globalThis.addEventListener(type, (e) => { if (accept((e as MessageEvent).data?.type)) listener(e as MessageEvent); }),
  } as P;
}

async function startWasm(wasmPaths: Record<string, string>): Promise<void> {
  setWasmPaths(wasmPaths);
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not start in the worker");
  await tf.ready();
  registerWasmBackpropKernels();
}

serveReplica(route<ReplicaPort>((t) => !RENDER_MESSAGES.has(t)), ({wasmPaths}) => startWasm(wasmPaths));

serveRender(route<RenderPort>((t) => RENDER_MESSAGES.has(t)), {
  prepare: (job) => workerBackend(job.backend, () => startWasm(job.wasmPaths)),
  async load(url, onBytes) {
    const bytes = await fetchBytes(url, {onBytes});
    if (readMissingModel(bytes)) throw new Error("this network is not in this copy of the site");
    return loadPackedModel(bytes);
  },
});
