// TensorFlow.js for Node: the wasm backend (tfjs-node does not install offline), with the
// gradients wasm lacks registered, and tfjs's console chatter kept off stdout so that
// `lab --json` prints nothing but JSON.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import {registerWasmBackpropKernels} from "../../components/tf/wasm-gradients.ts";

export {tf};

let ready: Promise<typeof tf> | null = null;

/** Initialise once; `backend` may be forced to "cpu" for reference checks. */
export function initTf(backend: "wasm" | "cpu" = (process.env.TF_BACKEND as "wasm" | "cpu") || "wasm"): Promise<typeof tf> {
  ready ??= (async () => {
    const log = console.log;
    console.log = (...a: unknown[]) => console.error(...a); // tfjs greets on stdout
    try {
      await tf.setBackend(backend);
      await tf.ready();
    } finally {
      console.log = log;
    }
    if (backend === "wasm") registerWasmBackpropKernels();
    return tf;
  })();
  return ready;
}
