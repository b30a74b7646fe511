// A read-only window into the page's tfjs for tests and for anyone debugging in the console:
// `window.cnnDebug.memory()` is tf.memory() of the bundle's own tfjs instance (the browser
// tests check that tensor counts and bytes return to their baseline after many slider moves).
// It exposes no state that a page could not already compute; nothing in the site reads it.
import * as tf from "@tensorflow/tfjs";

export interface CnnDebug {
  memory(): {numTensors: number; numBytes: number; numDataBuffers: number};
  backend(): string;
}

if (typeof window !== "undefined" && !("cnnDebug" in window)) {
  const debug: CnnDebug = {
    memory: () => {
      const m = tf.memory();
      return {numTensors: m.numTensors, numBytes: m.numBytes, numDataBuffers: m.numDataBuffers};
    },
    backend: () => tf.getBackend(),
  };
  Object.defineProperty(window, "cnnDebug", {value: Object.freeze(debug), configurable: false, writable: false});
}
