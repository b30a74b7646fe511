// Training throughput of the ShapeTex CNN as `npm run train` runs it (32 px, batch 64, the
// default 2 gradient shards on one worker thread per core): images per second of wall time
// over `batches` steps after `warmup` steps (kernels compiled, Adam's state created). Also
// reports the machine's load and the images per CPU-second of this process (main thread and
// workers together): on a shared machine other work takes cores away, and wall time with it,
// while CPU time measures what each core achieves (x cores = the rate on an idle machine).
import os from "node:os";
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
