// `npm run train -- [--model shapetex|shapetex-blurpool|all] [--epochs N] [--seed S]
//   [--size PX] [--texture-agreement P] [--batch B] [--epoch-size N] [--lr L] [--out DIR]
//   [--shards K] [--workers W] [--snapshots 1,2,5,10]`
// --snapshots also writes the weights after those epochs to <out>/<id>-snapshots/epoch-N/
// (the looking-back chapter's "features during training"; the snapshots do not change the run).
// Trains the project's own networks on ShapeTex (fresh seeded images every batch), evaluates
// them on held-out in-distribution and cue-conflict images, and writes models/<id>/
// {model.json, weights.bin, meta.json, card.md, card.json}. Same seed -> same weights.
// Each batch is cut into K shards (default 2) whose gradients are averaged; W worker threads
// (default: one per core, at most K) compute them. The weights depend on K, never on W.
// `--shards 1` is the single-batch step the committed models were trained with.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type {Scalar, Tensor} from "@tensorflow/tfjs";
import {initTf} from "./node/tf.ts";
import {parseArgs, numberOption, type Args} from "./lab/args.ts";
import {deriveSeed} from "../components/random.ts";
import {makeCueConflictBatch, makeShapeTexBatch, SHAPES, TEXTURES, UNINFORMATIVE_AGREEMENT, type SampleOptions} from "../components/datasets/shapetex.ts";
import {buildShapeTexNet, logitsModel, type ShapeTexVariant} from "../components/models/shapetex-net.ts";
import {registerFastConv2dGradient} from "./train/fast-conv-gradient.ts";
import {makeProgress, endProgressLine} from "./train/progress.ts";
import {saveLayersModel, WEIGHTS_FILE} from "./train/model-files.ts";
import {accuracy, predictClasses, textureChoiceRate, type Preprocess} from "./train/evaluate.ts";
import {cardMarkdown, layerTable, type ModelCard} from "./train/card.ts";
import {setWeights} from "../components/tf/data-parallel.ts";
import {defaultWorkers, makeStepper} from "./train/replicas.ts";

const MODELS: Record<string, {variant: ShapeTexVariant; name: string}> = {
  "shapetex": {variant: "plain", name: "ShapeTex CNN"},
  "shapetex-blurpool": {variant: "blurpool", name: "ShapeTex CNN (BlurPool)"},
};

const PREPROCESS: Preprocess = {scale: 2, offset: -1}; // [0, 1] -> [-1, 1]
const MAX_ROTATION = Math.PI / 6, SCALE_RANGE: [number, number] = [0.6, 0.9];
// streams of seeds kept apart from the training batches (which use deriveSeed(seed, epoch, batch))
const TEST_STREAM = 0x7e57, CUE_STREAM = 0xc0e;

interface TrainConfig {
  id: string;
  seed: number;
  size: number;
  textureAgreement: number;
  epochs: number;
  imagesPerEpoch: number;
  batchSize: number;
  learningRate: number;
  outDir: string;
  shards: number;
  workers: number;
  snapshots: number[];
}

/** Cosine decay from lr to lr/20 over the run: big steps early, settling at the end. */
function learningRateAt(step: number, total: number, lr: number): number {
  const floor = lr / 20;
  return floor + 0.5 * (lr - floor) * (1 + Math.cos((Math.PI * step) / total));
}

async function trainOne(cfg: TrainConfig, command: string) {
  const tf = await initTf();
  const {variant, name} = MODELS[cfg.id];
  const sample: SampleOptions = {size: cfg.size, textureAgreement: cfg.textureAgreement, maxRotation: MAX_ROTATION, scaleRange: SCALE_RANGE};
  const net = {variant, classes: SHAPES.length, seed: cfg.seed};
  const model = buildShapeTexNet(net);
  const stepper = await makeStepper(net, model, cfg.learningRate, cfg.shards, cfg.workers);
  const batches = Math.ceil(cfg.imagesPerEpoch / cfg.batchSize), totalSteps = cfg.epochs * batches;
  const progress = makeProgress();
  console.error(`${cfg.id}: ${model.countParams()} parameters, ${cfg.epochs} epochs x ${batches} batches of ${cfg.batchSize} at ${cfg.size} px, textureAgreement ${cfg.textureAgreement.toFixed(4)}, seed ${cfg.seed}, ${cfg.shards} shard(s) on ${cfg.workers} worker(s)`);

  // a small validation set, drawn like the test set but from its own stream, to watch progress
  const valid = makeShapeTexBatch(deriveSeed(cfg.seed, TEST_STREAM, 1), 600, sample);
  /** Batch b of an epoch, preprocessed: made here while the workers compute the previous step. */
  const batchAt = (epoch: number, b: number) => {
    const data = makeShapeTexBatch(deriveSeed(cfg.seed, epoch, b), cfg.batchSize, sample);
    return {images: data.images.map((v) => v * PREPROCESS.scale + PREPROCESS.offset), labels: data.shapes};
  };
  const start = performance.now();
  let seen = 0;
  try {
    for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      let lossSum = 0, hitSum = 0, count = 0;
      let next = batchAt(epoch, 1);
      for (let b = 1; b <= batches; b++) {
        const step = (epoch - 1) * batches + (b - 1);
        const pending = stepper.step(next.images, next.labels, cfg.size, learningRateAt(step, totalSteps, cfg.learningRate));
        if (b < batches) next = batchAt(epoch, b + 1);
        const {loss, hits} = await pending;
        seen += cfg.batchSize;
        lossSum += loss * cfg.batchSize;
        hitSum += hits;
        count += cfg.batchSize;
        const elapsed = (performance.now() - start) / 1000, rate = seen / elapsed;
        progress({epoch, epochs: cfg.epochs, batch: b, batches, loss: lossSum / count, acc: hitSum / count, imagesPerSecond: rate, etaSeconds: (totalSteps * cfg.batchSize - seen) / rate});
      }
      endProgressLine();
      if (cfg.workers > 1) setWeights(model, await stepper.weights());
      const va = accuracy(predictClasses(model, valid, PREPROCESS), valid.shapes);
      if (cfg.snapshots.includes(epoch)) await saveLayersModel(model, path.join(cfg.outDir, `${cfg.id}-snapshots`, `epoch-${epoch}`));
      console.error(`${cfg.id}: epoch ${epoch} train loss ${(lossSum / count).toFixed(4)} acc ${(100 * hitSum / count).toFixed(1)}% validation acc ${(100 * va).toFixed(1)}% (${((performance.now() - start) / 1000).toFixed(0)} s, ${tf.memory().numTensors} tensors)`);
    }
  } finally {
    await stepper.close();
  }
  const seconds = (performance.now() - start) / 1000;

  const testSeed = deriveSeed(cfg.seed, TEST_STREAM, 2), cueSeed = deriveSeed(cfg.seed, CUE_STREAM);
  const test = makeShapeTexBatch(testSeed, 1200, sample);
  const testAccuracy = accuracy(predictClasses(model, test, PREPROCESS), test.shapes);
  const cue = makeCueConflictBatch(cueSeed, 40, {size: cfg.size, maxRotation: MAX_ROTATION, scaleRange: SCALE_RANGE});
  const cuePred = predictClasses(model, cue, PREPROCESS);
  console.error(`${cfg.id}: test accuracy ${(100 * testAccuracy).toFixed(2)}%, cue-conflict accuracy ${(100 * accuracy(cuePred, cue.shapes)).toFixed(2)}% in ${(seconds / 60).toFixed(1)} min`);

  const dir = path.join(cfg.outDir, cfg.id);
  const weightBytes = await saveLayersModel(model, dir);
  const weightsSha256 = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, WEIGHTS_FILE))).digest("hex");
  const meta = {id: cfg.id, name, inputSize: [cfg.size, cfg.size], labels: [...SHAPES], preprocess: PREPROCESS, textureAgreement: cfg.textureAgreement, seed: cfg.seed, variant, textures: [...TEXTURES]};
  const card: ModelCard = {
    id: cfg.id, name, variant,
    architecture: layerTable(model, cfg.size),
    parameters: model.countParams(), weightBytes, weightsSha256,
    inputSize: [cfg.size, cfg.size], labels: [...SHAPES], textures: [...TEXTURES], preprocess: PREPROCESS,
    data: {dataset: "ShapeTex (components/datasets/shapetex.ts)", textureAgreement: cfg.textureAgreement, imagesSeen: seen, epochs: cfg.epochs, imagesPerEpoch: batches * cfg.batchSize, batchSize: cfg.batchSize, maxRotationDeg: Math.round((MAX_ROTATION * 180) / Math.PI), scaleRange: SCALE_RANGE},
    optimizer: {name: "Adam", learningRate: cfg.learningRate, schedule: "cosine decay to lr/20 over all steps", shards: cfg.shards},
    seed: cfg.seed,
    results: {testAccuracy, testImages: test.shapes.length, testSeed, cueConflictAccuracy: accuracy(cuePred, cue.shapes), cueConflictTextureRate: textureChoiceRate(cuePred, cue.textures), cueConflictImages: cue.shapes.length, cueConflictSeed: cueSeed},
    training: {seconds, imagesPerSecond: seen / seconds, workers: cfg.workers, machine: `${os.cpus().length}x ${os.cpus()[0]?.model ?? "unknown CPU"} (${os.platform()} ${os.arch()}), shared with other work`, backend: tf.getBackend(), node: process.version, tfjs: tf.version.tfjs, date: new Date().toISOString().slice(0, 10)},
    command,
  };
  fs.writeFileSync(path.join(dir, "meta.json"), JSON.stringify(meta, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "card.json"), JSON.stringify(card, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "card.md"), cardMarkdown(card));
  model.dispose();
  return card;
}

function configs(args: Args): TrainConfig[] {
  const which = args.options.get("model") ?? "all";
  const ids = which === "all" ? Object.keys(MODELS) : [which];
  for (const id of ids) if (!(id in MODELS)) throw new Error(`unknown --model ${id} (${Object.keys(MODELS).join(", ")}, all)`);
  const common = {
    seed: numberOption(args, "seed", 1),
    size: numberOption(args, "size", 32),
    textureAgreement: numberOption(args, "texture-agreement", UNINFORMATIVE_AGREEMENT),
    epochs: numberOption(args, "epochs", 14),
    imagesPerEpoch: numberOption(args, "epoch-size", 6400),
    batchSize: numberOption(args, "batch", 64),
    learningRate: numberOption(args, "lr", 0.002),
    outDir: args.options.get("out") ?? "models",
    snapshots: (args.options.get("snapshots") ?? "").split(",").filter(Boolean).map(Number),
    shards: numberOption(args, "shards", 2),
  };
  const workers = numberOption(args, "workers", defaultWorkers(common.shards));
  if (common.batchSize % common.shards !== 0) throw new Error(`--batch ${common.batchSize} does not split into --shards ${common.shards}`);
  if (!Number.isInteger(workers) || workers < 1 || workers > common.shards) throw new Error(`--workers must be between 1 and --shards (${common.shards}), got ${workers}`);
  return ids.map((id) => ({id, ...common, workers}));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  await initTf();
  registerFastConv2dGradient();
  for (const cfg of configs(args)) {
    const flags = `--model ${cfg.id} --epochs ${cfg.epochs} --seed ${cfg.seed} --size ${cfg.size} --texture-agreement ${cfg.textureAgreement} --batch ${cfg.batchSize} --epoch-size ${cfg.imagesPerEpoch} --lr ${cfg.learningRate} --shards ${cfg.shards}`;
    const card = await trainOne(cfg, `npm run train -- ${flags}`);
    process.stdout.write(JSON.stringify({id: card.id, testAccuracy: card.results.testAccuracy, cueConflictAccuracy: card.results.cueConflictAccuracy, seconds: card.training.seconds}) + "\n");
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
