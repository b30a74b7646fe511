// The Web Worker that trains the texture chapter's network off the page's main thread.
// data/site/bundle.ts bundles this file on its own into src/_bundle/train-worker.js (a module
// worker); the page gets its URL through configureSiteAssets. It always runs wasm: the same
// arithmetic as Node's committed reference runs, whatever backend the page itself uses.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm"; // registers the backend
import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";
import {registerWasmBackpropKernels} from "../tf/wasm-gradients.ts";
import {serveReplica, type ReplicaPort} from "../tf/replica-protocol.ts";

serveReplica(globalThis as unknown as ReplicaPort, async ({wasmPaths}) => {
  setWasmPaths(wasmPaths);
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not start in the worker");
  await tf.ready();
  registerWasmBackpropKernels();
});
