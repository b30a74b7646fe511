// A read-only window into the page's tfjs for tests and for anyone debugging in the console:
// `window.cnnDebug.memory()` is tf.memory() of the bundle's own tfjs instance (the browser
// tests check that tensor counts and bytes return to their baseline after many slider moves).
// It exposes no state that a page could not already compute; nothing in the site reads it.
import * as tf from "@tensorflow/tfjs";

export interface CnnDebug {
  /** tf.memory(), or null while no backend is initialised yet. */
  memory(): {numTensors: number; numBytes: number; numDataBuffers: number} | null;
  backend(): string;
}

if (typeof window !== "undefined" && !("cnnDebug" in window)) {
  const debug: CnnDebug = {
    memory: () => {
      try {
        const m = tf.memory();
        return {numTensors: m.numTensors, numBytes: m.numBytes, numDataBuffers: m.numDataBuffers};
      } catch {
        return null; // the backend is still initialising
      }
    },
    backend: () => tf.engine().backendName ?? "",
  };
  Object.defineProperty(window, "cnnDebug", {value: Object.freeze(debug), configurable: false, writable: false});
}
