// One replica of a ShapeTex network in a worker thread, with its own tfjs wasm backend (wasm
// in Node is single-threaded per thread: a worker per core is how training uses both).
// Messages, handled in order: "grads" (compute the gradients of the shards it is given),
// "apply" (apply the averaged gradient every replica receives), "weights" (send them back).
import {parentPort} from "node:worker_threads";
import {workerInput} from "../node/ts-worker.ts";
import * as tf from "@tensorflow/tfjs";
import {initTf} from "../node/tf.ts";
import {buildShapeTexNet, logitsModel, type ShapeTexNetOptions} from "../../components/models/shapetex-net.ts";
import {applyGradients, shardGradient, trainableVariables, type ShardData} from "../../components/tf/data-parallel.ts";

export interface ReplicaSpec {
  net: ShapeTexNetOptions;
  learningRate: number;
}

export type ReplicaRequest =
  | {type: "grads"; shards: ShardData[]}
  | {type: "apply"; grads: Float32Array[]; learningRate: number}
  | {type: "weights"};

const port = parentPort!;
const spec = workerInput<ReplicaSpec>();

async function main() {
  await initTf("wasm");
  const model = buildShapeTexNet(spec.net);
  const toLogits = logitsModel(model);
  const vars = trainableVariables(model);
  const optimizer = tf.train.adam(spec.learningRate);
  port.on("message", (msg: ReplicaRequest) => {
    try {
      if (msg.type === "grads") {
        const results = msg.shards.map((s) => shardGradient(toLogits, vars, s, spec.net.classes));
        port.postMessage({type: "grads", results}, results.flatMap((r) => r.grads.map((g) => g.buffer as ArrayBuffer)));
      } else if (msg.type === "apply") {
        (optimizer as unknown as {learningRate: number}).learningRate = msg.learningRate;
        applyGradients(optimizer, vars, msg.grads);
      } else if (msg.type === "weights") {
        port.postMessage({type: "weights", weights: model.getWeights().map((w) => w.dataSync() as Float32Array)});
      }
    } catch (e) {
      port.postMessage({type: "error", message: e instanceof Error ? e.stack ?? e.message : String(e)});
    }
  });
  port.postMessage({type: "ready"});
}

main().catch((e) => port.postMessage({type: "error", message: e instanceof Error ? e.stack ?? e.message : String(e)}));
