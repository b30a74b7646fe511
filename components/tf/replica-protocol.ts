// The page's training replica, the worker's side: one ShapeTex network and its optimizer held
// in a (Web) worker, stepped by messages from the page. The arithmetic is LocalStepper's (the
// same shards, the same order), so a run on a wasm worker gives the bits a wasm page, or
// Node's committed reference runs, give. No DOM: only a message port.
import * as tf from "@tensorflow/tfjs";
import {buildShapeTexNet, logitsModel, type ShapeTexNetOptions} from "../models/shapetex-net.ts";
import {LocalStepper} from "./data-parallel.ts";

export interface ReplicaInit {
  type: "init";
  net: ShapeTexNetOptions;
  learningRate: number;
  shards: number;
  /** tfjs-backend-wasm binaries by file name, absolute URLs (a worker resolves relative ones against its own script). */
  wasmPaths: Record<string, string>;
}

export type ReplicaRequest =
  | ReplicaInit
  | {type: "step"; images: Float32Array; labels: Int32Array; size: number; learningRate: number}
  | {type: "weights"};

export type ReplicaReply =
  | {type: "ready"; backend: string}
  | {type: "step"; loss: number; hits: number}
  | {type: "weights"; weights: Float32Array[]}
  | {type: "error"; message: string};

/** The two ends a replica talks through: a worker's global scope, or a MessagePort in tests. */
export interface ReplicaPort {
  postMessage(message: ReplicaReply, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (e: MessageEvent<ReplicaRequest>) => void): void;
}

/**
 * Answer requests on `port`, one at a time in arrival order. `prepare` readies tfjs for the
 * init message (the worker entry picks wasm there; tests pass the backend they already run).
 */
export function serveReplica(port: ReplicaPort, prepare: (init: ReplicaInit) => Promise<void>): void {
  let stepper: LocalStepper | null = null;
  let model: tf.LayersModel | null = null;
  let queue: Promise<void> = Promise.resolve();
  const handle = async (msg: ReplicaRequest): Promise<void> => {
    try {
      if (msg.type === "init") {
        await prepare(msg);
        model = buildShapeTexNet(msg.net);
        stepper = new LocalStepper(model, logitsModel(model), tf.train.adam(msg.learningRate), msg.shards, msg.net.classes);
        port.postMessage({type: "ready", backend: tf.getBackend()});
      } else if (!stepper) {
        throw new Error(`"${msg.type}" before "init"`);
      } else if (msg.type === "step") {
        const {loss, hits} = await stepper.step(msg.images, msg.labels, msg.size, msg.learningRate);
        port.postMessage({type: "step", loss, hits});
      } else if (msg.type === "weights") {
        port.postMessage({type: "weights", weights: await stepper.weights()}); // copied, never transferred: a wasm tensor's data may view the module's memory
      }
    } catch (e) {
      port.postMessage({type: "error", message: e instanceof Error ? e.message : String(e)});
    }
  };
  port.addEventListener("message", (e) => {
    queue = queue.then(() => handle(e.data));
  });
}
