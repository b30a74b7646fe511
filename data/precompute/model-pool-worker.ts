// One worker of data/precompute/model-pool.ts: loads its network once, then runs the jobs it
// is sent, one at a time, replying {result} (or {type: "error"}).
import {parentPort} from "node:worker_threads";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {workerInput} from "../node/ts-worker.ts";
import {renderGroup, type RenderSettings} from "./renders.ts";
import {sweepOneImage} from "./shift-sweeps.ts";
import type {RgbImage} from "../../components/shift/image.ts";
import type {Protocol, ShiftGeometry} from "../../components/shift/protocols.ts";

export interface ModelPoolSpec {
  model: string;
}

export type PoolJob =
  | {kind: "render"; layer: string; channels: number[]; settings: RenderSettings}
  | {kind: "sweep"; image: RgbImage; protocol: Protocol; geometry: ShiftGeometry};

const port = parentPort!;
const report = (e: unknown) => port.postMessage({type: "error", message: e instanceof Error ? e.stack ?? e.message : String(e)});

async function main() {
  await initTf("wasm");
  const model = await loadModel(workerInput<ModelPoolSpec>().model);
  const run = (job: PoolJob): Promise<unknown> =>
    job.kind === "render" ? renderGroup(model, job.layer, job.channels, job.settings) : sweepOneImage(model, job.image, job.protocol, job.geometry);
  port.on("message", (job: PoolJob) => run(job).then((result) => port.postMessage({type: "done", result}), report));
  port.postMessage({type: "ready"});
}

main().catch(report);
