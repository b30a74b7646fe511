// Training throughput of the ShapeTex CNN as `npm run train` runs it (32 px, batch 64, the
// default 2 gradient shards on one worker thread per core): images per second of wall time
// over `batches` steps after `warmup` steps (kernels compiled, Adam's state created). Also
// reports the machine's load and the images per CPU-second of this process (main thread and
// workers together): on a shared machine other work takes cores away, and wall time with it,
// while CPU time measures what each core achieves (x cores = the rate on an idle machine).
// BENCH_TRAIN_BATCHES sets the timed batches (default 20). BENCH_PYTORCH=<a python with torch>
// also runs the PyTorch twin (data/bench/pytorch-train.py) right after, over the same number of
// batches (random data), so the two rates and their ratio are measured under the same load.
import os from "node:os";
import {execFileSync} from "node:child_process";
import {initTf} from "../node/tf.ts";
import {makeShapeTexBatch, SHAPES, UNINFORMATIVE_AGREEMENT} from "../../components/datasets/shapetex.ts";
import {buildShapeTexNet} from "../../components/models/shapetex-net.ts";
import {defaultWorkers, makeStepper} from "../train/replicas.ts";

export interface TrainBench {
  images_per_second: number;
  size: number;
  batch: number;
  model: string;
  batches: number;
  shards: number;
  workers: number;
  images_per_cpu_second: number;
  load_average_1m: number;
  /** Present with BENCH_PYTORCH: PyTorch CPU's rate measured right after, and ours over it. */
  pytorch_images_per_second?: number;
  fraction_of_pytorch?: number;
}

/** The PyTorch twin's images per second, run by `python` over `batches` timed batches. */
export function pytorchRate(python: string, batches: number): number {
  const script = new URL("./pytorch-train.py", import.meta.url).pathname;
  const out = JSON.parse(execFileSync(python, [script, "--batches", String(batches)], {encoding: "utf8"})) as {pytorch_train: {images_per_second: number}};
  return out.pytorch_train.images_per_second;
}

/** benchTrain with the environment's settings, and the PyTorch comparison when asked for. */
export async function benchTrainSection(env = process.env): Promise<TrainBench> {
  const batches = env.BENCH_TRAIN_BATCHES ? Number(env.BENCH_TRAIN_BATCHES) : 20;
  if (!Number.isInteger(batches) || batches < 20) throw new Error(`BENCH_TRAIN_BATCHES must be an integer of at least 20, got ${env.BENCH_TRAIN_BATCHES}`);
  const ours = await benchTrain({batches});
  if (!env.BENCH_PYTORCH) return ours;
  const theirs = pytorchRate(env.BENCH_PYTORCH, batches);
  return {...ours, pytorch_images_per_second: theirs, fraction_of_pytorch: +(ours.images_per_second / theirs).toFixed(3)};
}

export async function benchTrain({size = 32, batch = 64, batches = 20, warmup = 3, shards = 2, workers = defaultWorkers(shards)} = {}): Promise<TrainBench> {
  await initTf();
  const net = {variant: "plain" as const, classes: SHAPES.length, seed: 1};
  const model = buildShapeTexNet(net);
  const stepper = await makeStepper(net, model, 0.002, shards, workers);
  const data = Array.from({length: warmup + batches}, (_, i) => {
    const b = makeShapeTexBatch(1000 + i, batch, {size, textureAgreement: UNINFORMATIVE_AGREEMENT});
    return {images: b.images.map((v) => 2 * v - 1), labels: b.shapes};
  });
  try {
    for (let i = 0; i < warmup; i++) await stepper.step(data[i].images, data[i].labels, size, 0.002);
    const load = os.loadavg()[0];
    const start = performance.now(), cpu = process.cpuUsage();
    for (let i = warmup; i < warmup + batches; i++) await stepper.step(data[i].images, data[i].labels, size, 0.002);
    const seconds = (performance.now() - start) / 1000, used = process.cpuUsage(cpu), cpuSeconds = (used.user + used.system) / 1e6;
    const images = batches * batch;
    return {images_per_second: +(images / seconds).toFixed(1), size, batch, model: "shapetex", batches, shards, workers, images_per_cpu_second: +(images / cpuSeconds).toFixed(1), load_average_1m: +load.toFixed(2)};
  } finally {
    await stepper.close();
    model.dispose();
  }
}
