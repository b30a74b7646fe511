// Cause the bias yourself: train a small ShapeTex CNN with the reader's data settings, then
// measure its shape bias on ShapeTex cue-conflict images. The same function runs in the page
// (progress, cancel, yields between steps) and in Node for the committed reference runs, so a
// seed gives the same run in both places up to the backend's float arithmetic.
import * as tf from "@tensorflow/tfjs";
import {makeCueConflictBatch, makeShapeTexBatch, makeShapeTexBatchSliced, SHAPES} from "../datasets/shapetex.ts";
import {buildShapeTexNet, logitsModel, type ShapeTexNetOptions} from "../models/shapetex-net.ts";
import {LocalStepper, setWeights, type GradientStepper} from "../tf/data-parallel.ts";
import {deriveSeed, makeRng} from "../random.ts";
import {readAndDispose} from "../tf/read.ts";
import {colourJitter, effectiveAgreement, randomCrop} from "./augment.ts";
import {shapeTexShapeBias} from "./shapetex-bias.ts";
import type {ShapeBias, CategoryFractions} from "./shape-bias.ts";

export interface TrainSettings {
  /** P(texture = the shape's partner) in the training data. */
  textureAgreement: number;
  /** P(an image's texture is redrawn at random): ShapeTex's "stylized" training. */
  textureRandomization: number;
  /** Strength of colour jitter in [0, 1]. */
  colourJitter: number;
  /** Smallest crop, as a fraction of the image area (1 = no cropping). */
  cropScale: number;
  steps: number;
  batchSize: number;
  size: number;
  learningRate: number;
  seed: number;
  widths: [number, number, number];
  /**
   * Each batch's gradient is the mean of this many equal shards' gradients (1 = the whole
   * batch at once). Part of the procedure: the same shards give the same bits whether one
   * thread computes them in turn (the page) or one worker thread each (Node). Absent: 1
   * (absent rather than 1 in the defaults, so that the committed runs' settings key holds).
   */
  shards?: number;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  textureAgreement: 1, textureRandomization: 0, colourJitter: 0, cropScale: 1,
  steps: 400, batchSize: 32, size: 32, learningRate: 0.003, seed: 1, widths: [8, 16, 32],
};

export interface TrainProgress {
  step: number;
  steps: number;
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
}

/** Held-out images behind each accuracy of a run (shape accuracy, accuracy on its own distribution). */
export const ACCURACY_IMAGES = 240;

export interface TrainResult {
  settings: TrainSettings;
  /** Shape bias on ShapeTex cue-conflict images (every pair of shape and other texture). */
  bias: ShapeBias & {categories: CategoryFractions[]};
  /** Accuracy (shape label) on held-out images whose texture says nothing about the shape. */
  shapeAccuracy: number;
  /** Accuracy on held-out images drawn like the training data. */
  trainDistributionAccuracy: number;
  /** Training loss and accuracy, averaged over stretches of steps. */
  curve: Array<{step: number; loss: number; accuracy: number}>;
  seconds: number;
  imagesPerSecond: number;
  backend: string;
}

export interface TrainHooks {
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
  /** Between steps; the page yields to the browser here. Default tf.nextFrame. */
  yieldEvery?: number;
  /**
   * Where the gradient steps run. Default: this thread, yielding to the browser after every
   * shard when yieldEvery > 0. Node passes worker threads (data/train/replicas.ts).
   */
  makeStepper?: (net: ShapeTexNetOptions, model: tf.LayersModel, learningRate: number, shards: number) => Promise<GradientStepper>;
}

const PREPROCESS = {scale: 2, offset: -1};
// seed streams kept apart from the training batches
const CUE_STREAM = 0xc0e, TEST_STREAM = 0x7e57, AUG_STREAM = 0xa06;
export const CUE_PER_PAIR = 4;

const abortError = (signal: AbortSignal) => signal.reason instanceof Error ? signal.reason : new DOMException("cancelled", "AbortError");

/** Cosine decay to lr/20, as data/train.ts does. */
const lrAt = (step: number, total: number, lr: number) => lr / 20 + 0.5 * (lr - lr / 20) * (1 + Math.cos((Math.PI * step) / total));

/** The predicted class of each image, on the page's backend (read asynchronously: WebGPU). */
async function predict(model: tf.LayersModel, images: Float32Array, n: number, size: number, chunk = 60): Promise<Int32Array> {
  const out = new Int32Array(n), px = size * size * 3;
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    const classes = tf.tidy(() => (model.predict(tf.tensor4d(images.subarray(i * px, (i + m) * px), [m, size, size, 3]).mul(PREPROCESS.scale).add(PREPROCESS.offset)) as tf.Tensor).argMax(-1));
    out.set((await readAndDispose(classes)) as Int32Array, i);
  }
  return out;
}

const accuracyOf = (p: Int32Array, labels: Int32Array) => p.reduce((s, v, i) => s + (v === labels[i] ? 1 : 0), 0) / labels.length;

export async function trainShapeTex(partial: Partial<TrainSettings> = {}, hooks: TrainHooks = {}): Promise<TrainResult> {
  const s: TrainSettings = {...DEFAULT_SETTINGS, ...partial};
  const {signal, onProgress, yieldEvery = 1} = hooks;
  const agreement = effectiveAgreement(s.textureAgreement, s.textureRandomization);
  const sample = {size: s.size, textureAgreement: agreement};
  const net: ShapeTexNetOptions = {variant: "plain", classes: SHAPES.length, seed: s.seed, widths: s.widths};
  const model = buildShapeTexNet(net);
  const shards = s.shards ?? 1;
  const yieldNow = () => tf.nextFrame();
  const stepper = hooks.makeStepper
    ? await hooks.makeStepper(net, model, s.learningRate, shards)
    : new LocalStepper(model, logitsModel(model), tf.train.adam(s.learningRate), shards, SHAPES.length, yieldEvery > 0 && shards > 1 ? yieldNow : undefined);
  const augRng = makeRng(deriveSeed(s.seed, AUG_STREAM));
  const curve: TrainResult["curve"] = [];
  const every = Math.max(1, Math.round(s.steps / 30));
  let lossSum = 0, hitSum = 0, count = 0;
  /** Step `step`'s batch, augmented and preprocessed (made while the previous step runs when it runs elsewhere). */
  // the page draws a batch in slices between tasks (the step runs elsewhere meanwhile); Node at once
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const batchAt = async (step: number) => {
    const seed = deriveSeed(s.seed, 1, step);
    const data = yieldEvery > 0 ? await makeShapeTexBatchSliced(seed, s.batchSize, sample, pause) : makeShapeTexBatch(seed, s.batchSize, sample);
    if (s.cropScale >= 1 && s.colourJitter <= 0) {
      // no augmentation: preprocess in place, with no tensor and no second copy (less garbage
      // on the page's main thread). The same bits as tfjs's float32 mul then add: 2x is exact,
      // and 2x - 1 is exact in a double before its one rounding to float32.
      const images = data.images;
      for (let i = 0; i < images.length; i++) images[i] = images[i] * PREPROCESS.scale + PREPROCESS.offset;
      return {images, labels: data.shapes};
    }
    // the tensor leaves tidy, not its data: tidy walks whatever it returns, and a typed array
    // of a whole batch cost the page's main thread ~20 ms a step in that walk alone
    const x = tf.tidy(() => {
      let x = tf.tensor4d(data.images, [s.batchSize, s.size, s.size, 3]);
      if (s.cropScale < 1) x = randomCrop(x, s.cropScale, augRng);
      if (s.colourJitter > 0) x = colourJitter(x, s.colourJitter, augRng);
      return x.mul(PREPROCESS.scale).add(PREPROCESS.offset);
    });
    return {images: (await readAndDispose(x)) as Float32Array, labels: data.shapes};
  };
  const start = performance.now();
  try {
    let next = await batchAt(0);
    for (let step = 0; step < s.steps; step++) {
      if (signal?.aborted) throw abortError(signal);
      const pending = stepper.step(next.images, next.labels, s.size, lrAt(step, s.steps, s.learningRate));
      pending.catch(() => {}); // a failed step is thrown by the await below, not reported unhandled while the next batch is drawn
      if (step + 1 < s.steps) next = await batchAt(step + 1);
      const {loss, hits} = await pending;
      lossSum += loss * s.batchSize;
      hitSum += hits;
      count += s.batchSize;
      if ((step + 1) % every === 0 || step + 1 === s.steps) {
        curve.push({step: step + 1, loss: lossSum / count, accuracy: hitSum / count});
        lossSum = hitSum = count = 0;
      }
      const elapsed = (performance.now() - start) / 1000;
      onProgress?.({step: step + 1, steps: s.steps, loss, accuracy: hits / s.batchSize, imagesPerSecond: ((step + 1) * s.batchSize) / elapsed});
      if (yieldEvery > 0 && (step + 1) % yieldEvery === 0) await yieldNow();
    }
    if (hooks.makeStepper) setWeights(model, await stepper.weights());
    const seconds = (performance.now() - start) / 1000;
    if (signal?.aborted) throw abortError(signal);
    const cue = makeCueConflictBatch(deriveSeed(s.seed, CUE_STREAM), CUE_PER_PAIR, {size: s.size});
    const bias = shapeTexShapeBias(cue.shapes, cue.textures, await predict(model, cue.images, cue.shapes.length, s.size));
    const neutral = makeShapeTexBatch(deriveSeed(s.seed, TEST_STREAM, 1), ACCURACY_IMAGES, {size: s.size});
    const same = makeShapeTexBatch(deriveSeed(s.seed, TEST_STREAM, 2), ACCURACY_IMAGES, sample);
    return {
      settings: s,
      bias,
      shapeAccuracy: accuracyOf(await predict(model, neutral.images, ACCURACY_IMAGES, s.size), neutral.shapes),
      trainDistributionAccuracy: accuracyOf(await predict(model, same.images, ACCURACY_IMAGES, s.size), same.shapes),
      curve,
      seconds,
      imagesPerSecond: (s.steps * s.batchSize) / seconds,
      backend: tf.getBackend(),
    };
  } finally {
    await stepper.close();
    model.dispose();
  }
}
