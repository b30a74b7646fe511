// Class model visualization (Simonyan, Vedaldi & Zisserman 2014, "Deep Inside Convolutional
// Networks", section 2): the image that maximizes one class's score, found by gradient ascent
// on the unnormalized score (the logit: maximizing the softmax instead lets the network win
// by pushing the other classes down). Plain ascent finds high-frequency patterns; Yosinski,
// Clune, Nguyen, Fuchs & Lipson (2015, "Understanding Neural Networks Through Deep
// Visualization", section 3) add regularizers that make the result look like something: L2
// decay, a Gaussian blur every few steps, and jitter. All of it is one call of the feature-
// visualization render loop (components/featvis/render.ts), classic schedule.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {classLogit} from "../featvis/objectives.ts";
import {fromRGBA, render, type RGBAImage} from "../featvis/render.ts";
import {jitter} from "../featvis/transforms.ts";
import {readAndDispose} from "../tf/read.ts";

export interface ClassVisOptions {
  steps?: number;
  learningRate?: number;
  /** L2 decay per step (toward mid-grey). */
  decay?: number;
  /** Gaussian blur sigma (px) and how often (steps). */
  blurSigma?: number;
  blurEvery?: number;
  /** Jitter (px) before each step. */
  jitter?: number;
  /** Output size; default the model's input size. */
  size?: number;
  seed?: number;
  onProgress?: (step: number, total: number, logit: number) => void;
  signal?: AbortSignal;
}

/** Defaults that render a class every network of the zoo recognises (checked by test/classvis.test.ts). */
export const CLASSVIS_DEFAULTS = {steps: 96, learningRate: 0.05, decay: 0.03, blurSigma: 0.5, blurEvery: 4, jitter: 4, seed: 0} as const;

export interface ClassVisResult {
  image: RGBAImage;
  classIndex: number;
  label: string;
  logitBefore: number;
  logitAfter: number;
  /** How the model classifies the rendered image. */
  top1: {index: number; label: string; probability: number};
  /** P(class) for the rendered image. */
  probability: number;
  steps: number;
  seconds: number;
  cancelled: boolean;
}

export async function classVisualization(model: ZooModel, classIndex: number, options: ClassVisOptions = {}): Promise<ClassVisResult> {
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= model.labels.length) {
    throw new Error(`class ${classIndex} out of range: ${model.id} has ${model.labels.length} classes (0-${model.labels.length - 1})`);
  }
  const o = {...CLASSVIS_DEFAULTS, ...options};
  const size = o.size ?? Math.min(...model.inputSize);
  const r = await render(model, classLogit(classIndex), {
    schedule: "classic", size, steps: o.steps, learningRate: o.learningRate, seed: o.seed, redirectSteps: 0,
    transforms: o.jitter > 0 ? [jitter(o.jitter)] : [],
    classic: {decay: o.decay, blurSigma: o.blurSigma, blurEvery: o.blurEvery},
    onProgress: o.onProgress, signal: o.signal,
  });
  const {top1, probability} = await classifyRGBA(model, r.image, classIndex);
  return {
    image: r.image, classIndex, label: model.labels[classIndex], logitBefore: r.objectiveBefore, logitAfter: r.objectiveAfter,
    top1, probability, steps: r.steps, seconds: r.seconds, cancelled: r.cancelled,
  };
}

/** The model's top-1 for an 8-bit image (what a reader would download), and P(k). */
export async function classifyRGBA(model: ZooModel, image: RGBAImage, k: number): Promise<{top1: {index: number; label: string; probability: number}; probability: number}> {
  const [h, w] = model.inputSize;
  const probs = tf.tidy(() => {
    let x = fromRGBA(image);
    if (image.height !== h || image.width !== w) x = tf.image.resizeBilinear(x, [h, w], false, true) as tf.Tensor4D;
    return model.probabilities(x).squeeze([0]);
  });
  const p = await readAndDispose(probs);
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return {top1: {index: best, label: model.labels[best], probability: p[best]}, probability: p[k]};
}
