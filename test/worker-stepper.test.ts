// The page's training worker protocol (components/tf/replica-protocol.ts, worker-stepper.ts),
// run in Node over a MessageChannel: the replica behind messages gives the same bits as
// LocalStepper on the same backend (so a page training in a worker reproduces an in-page or
// Node run), a whole trainShapeTex run through it gives the same result, Cancel rejects a step
// in flight at once and stops the replica, and a worker that cannot start falls back to this
// thread and says why. The browser half (a real Web Worker) is test/e2e/texture-vs-shape-responsive.test.ts.
import {test} from "node:test";
import assert from "node:assert/strict";
import {MessageChannel} from "node:worker_threads";
import {initTf} from "../data/node/tf.ts";
import {LocalStepper} from "../components/tf/data-parallel.ts";
import {serveReplica, type ReplicaPort} from "../components/tf/replica-protocol.ts";
import {pageStepper, WebWorkerStepper, type TrainingEngine, type WorkerLike} from "../components/tf/worker-stepper.ts";
import {SHAPES} from "../components/datasets/shapetex.ts";
import {buildShapeTexNet, logitsModel} from "../components/models/shapetex-net.ts";
import {LR, SIZE, stepperFixture} from "./helpers/stepper-fixture.ts";
import {trainShapeTex} from "../components/texture-bias/train-shapetex.ts";

const tf = await initTf();
const {net, batches} = stepperFixture(7, 300);

/** A "worker" in this thread: a replica served on one end of a channel, the stepper's end the other. */
function channelWorker(): WorkerLike & {terminated: boolean} {
  const {port1, port2} = new MessageChannel();
  serveReplica(port2 as unknown as ReplicaPort, async () => {});
  port2.start();
  port1.start();
  const w = {
    terminated: false,
    postMessage: (m: unknown) => port1.postMessage(m),
    addEventListener: (type: string, l: (e: Event) => void) => port1.addEventListener(type, l as never),
    terminate: () => {
      w.terminated = true;
      port1.close();
      port2.close();
    },
  };
  return w;
}

async function run(stepper: {step: LocalStepper["step"]; weights(): Promise<Float32Array[]>}) {
  const losses: number[] = [], hits: number[] = [];
  for (const [i, b] of batches.entries()) {
    const r = await stepper.step(b.images, b.labels, SIZE, LR / (i + 1));
    losses.push(r.loss);
    hits.push(r.hits);
  }
  return {losses, hits, weights: await stepper.weights()};
}

test("a replica behind messages steps bit for bit like LocalStepper (1 and 2 shards)", async () => {
  for (const shards of [1, 2]) {
    const model = buildShapeTexNet(net);
    const local = new LocalStepper(model, logitsModel(model), tf.train.adam(LR), shards, SHAPES.length);
    const expected = await run(local);
    await local.close();
    model.dispose();
    const worker = channelWorker();
    const remote = await WebWorkerStepper.start(worker, {net, learningRate: LR, shards, wasmPaths: {}});
    assert.equal(remote.backend, "wasm");
    const got = await run(remote);
    await remote.close();
    assert.ok(worker.terminated, "close() terminates the worker");
    assert.deepEqual(got.losses, expected.losses, `${shards} shard(s): losses`);
    assert.deepEqual(got.hits, expected.hits);
    assert.equal(got.weights.length, expected.weights.length);
    got.weights.forEach((w, i) => assert.ok(Buffer.from(w.buffer, w.byteOffset, w.byteLength).equals(Buffer.from(expected.weights[i].buffer, expected.weights[i].byteOffset, expected.weights[i].byteLength)), `${shards} shard(s): weight ${i} identical`));
    assert.ok(expected.losses[0] > 0 && Number.isFinite(expected.losses[2]));
  }
});

test("trainShapeTex through the worker hook gives the in-thread run's result", async () => {
  const settings = {steps: 6, batchSize: 8, size: 16, widths: [4, 8, 8] as [number, number, number], seed: 3, textureRandomization: 0.5};
  const here = await trainShapeTex(settings, {yieldEvery: 0});
  const engines: TrainingEngine[] = [];
  // as the page runs it: yielding between steps, each batch drawn in slices
  const there = await trainShapeTex(settings, {yieldEvery: 1, makeStepper: pageStepper({makeWorker: channelWorker, onEngine: (e) => engines.push(e)})});
  assert.deepEqual(engines, [{where: "worker", backend: "wasm"}]);
  assert.deepEqual(there.curve, here.curve);
  assert.deepEqual(there.bias, here.bias);
  assert.equal(there.shapeAccuracy, here.shapeAccuracy);
  assert.equal(there.trainDistributionAccuracy, here.trainDistributionAccuracy);
});

test("Cancel rejects a step in flight at once and terminates the worker", async () => {
  const worker = channelWorker();
  const stop = new AbortController();
  const s = await WebWorkerStepper.start(worker, {net, learningRate: LR, shards: 1, wasmPaths: {}}, stop.signal);
  const b = batches[0];
  const pending = s.step(b.images, b.labels, SIZE, LR);
  stop.abort(new DOMException("cancelled by the reader", "AbortError"));
  await assert.rejects(pending, /cancelled by the reader/);
  assert.ok(worker.terminated);
  await assert.rejects(s.step(b.images, b.labels, SIZE, LR), /cancelled by the reader/, "a stopped stepper takes no more steps");
});

test("a worker that fails to start: the steps run in this thread, and the reason is told", async () => {
  const engines: TrainingEngine[] = [];
  const broken = (): WorkerLike => {
    const listeners: Record<string, (e: Event) => void> = {};
    return {
      postMessage: () => setTimeout(() => listeners.error?.(Object.assign(new Event("error"), {message: "SyntaxError: bad module"}))),
      addEventListener: (type, l) => void (listeners[type] = l),
      terminate: () => {},
    };
  };
  const model = buildShapeTexNet(net);
  const stepper = await pageStepper({makeWorker: broken, onEngine: (e) => engines.push(e)})(net, model, LR, 1);
  assert.ok(stepper instanceof LocalStepper);
  assert.equal(engines.length, 1);
  assert.equal(engines[0].where, "page");
  assert.match(engines[0].reason ?? "", /bad module/);
  const r = await stepper.step(batches[0].images, batches[0].labels, SIZE, LR);
  assert.ok(r.loss > 0);
  await stepper.close();
  model.dispose();
  // no Worker at all (Node has none as a global) and no worker URL configured
  const none: TrainingEngine[] = [];
  const m2 = buildShapeTexNet(net);
  const s2 = await pageStepper({onEngine: (e) => none.push(e)})(net, m2, LR, 1);
  assert.ok(s2 instanceof LocalStepper);
  assert.equal(none[0].where, "page");
  assert.match(none[0].reason ?? "", /no Web Workers|no training worker/);
  await s2.close();
  m2.dispose();
});
