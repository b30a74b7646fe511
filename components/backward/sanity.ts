// The model-randomization sanity check of Adebayo et al. (NeurIPS 2018, Fig. 2, with
// the published erratum): redraw the weights of the network layer by layer from the top
// ("cascading"), and after each step compare the saliency map of the same image and class with
// the trained network's. A map that explains the model must change when the model does. Plain
// gradients do; guided backprop barely changes while only top layers are random, and changes
// once the lower layers are (the erratum corrects the paper's "invariant" to this). Nie et al.
// (ICML 2018) show why: guided backprop and the deconvnet largely reconstruct the image.
//
// Redrawn weights: each weight tensor of a layer with a kernel (convolutions, dense) gets
// N(0, s²) values, s the trained tensor's own standard deviation, so activations keep their
// scale. Batch-norm statistics are left alone. Weights are restored afterwards.
import * as tf from "@tensorflow/tfjs";
import {makeRng} from "../random.ts";
import {spearman} from "../stats/rank-correlation.ts";
import type {LayersZoo, WeightedLayer} from "./layers-zoo.ts";
import {project} from "./project.ts";
import type {Rule} from "./rules.ts";
import {magnitude} from "./view.ts";
import {readAndDispose, readScalar} from "../tf/read.ts";

export const SANITY_METHODS = ["backprop", "guided"] as const satisfies readonly Rule[];

export interface SanityStep {
  /** Layers randomized so far, top first (empty: the trained network). */
  randomized: string[];
  /** The layer redrawn at this step ("" for the trained network). */
  layer: string;
  /** Spearman correlation of |map| (max over colour) with the trained network's, per method. */
  rankCorrelation: Record<(typeof SANITY_METHODS)[number], number>;
  /** The same on the signed maps (summed over colour). */
  rankCorrelationSigned: Record<(typeof SANITY_METHODS)[number], number>;
  /** The per-pixel magnitude of each method's map, [H * W], for drawing. */
  maps?: Record<(typeof SANITY_METHODS)[number], Float32Array>;
}

export interface SanityOptions {
  classIndex?: number;
  seed?: number;
  /** Evaluate after these numbers of randomized layers (default: after every layer). */
  checkpoints?: number[];
  keepMaps?: boolean;
  onProgress?: (done: number, total: number) => void;
}

async function redraw(layer: WeightedLayer, seed: number): Promise<void> {
  const rng = makeRng(seed);
  const fresh: tf.Tensor[] = [];
  try {
    for (const w of layer.getWeights()) {
      const v = await w.data(); // the layer's own weight: read, not disposed
      let m = 0, s = 0;
      for (const x of v) m += x;
      m /= v.length;
      for (const x of v) s += (x - m) ** 2;
      const sd = Math.sqrt(s / Math.max(1, v.length - 1)) || 0.01;
      fresh.push(tf.tensor(Float32Array.from(v, () => rng.normal() * sd), w.shape));
    }
    layer.setWeights(fresh);
  } finally {
    tf.dispose(fresh);
  }
}

async function summedSigned(map: tf.Tensor4D): Promise<Float32Array> {
  return (await readAndDispose(tf.tidy(() => tf.sum(map, -1)))) as Float32Array;
}

export async function cascadingRandomization(m: LayersZoo, x01: tf.Tensor4D, o: SanityOptions = {}): Promise<{classIndex: number; steps: SanityStep[]}> {
  const {zoo} = m;
  const classIndex = o.classIndex ?? await readScalar(tf.tidy(() => zoo.logits(x01).argMax(1)));
  const stack = m.weighted.slice().reverse(); // top first
  const checkpoints = new Set(o.checkpoints ?? stack.map((_, i) => i + 1));
  const saved = stack.map((l) => l.getWeights().map((w) => w.clone()));
  const maps = async () => {
    const out = {} as Record<(typeof SANITY_METHODS)[number], {abs: Float32Array; signed: Float32Array}>;
    for (const method of SANITY_METHODS) {
      const p = await project(zoo, x01, {kind: "logit", index: classIndex}, method);
      try {
        out[method] = {abs: (await readAndDispose(magnitude(p.map))) as Float32Array, signed: await summedSigned(p.map)};
      } finally {
        p.map.dispose();
      }
    }
    return out;
  };
  const step = (layer: string, randomized: string[], ref: Awaited<ReturnType<typeof maps>>, now: Awaited<ReturnType<typeof maps>>): SanityStep => {
    const rankCorrelation = {} as SanityStep["rankCorrelation"], rankCorrelationSigned = {} as SanityStep["rankCorrelation"];
    for (const method of SANITY_METHODS) {
      rankCorrelation[method] = spearman(ref[method].abs, now[method].abs);
      rankCorrelationSigned[method] = spearman(ref[method].signed, now[method].signed);
    }
    const s: SanityStep = {randomized, layer, rankCorrelation, rankCorrelationSigned};
    if (o.keepMaps) s.maps = Object.fromEntries(SANITY_METHODS.map((k) => [k, now[k].abs])) as SanityStep["maps"];
    return s;
  };
  const total = checkpoints.size + 1;
  try {
    const original = await maps();
    const steps = [step("", [], original, original)];
    o.onProgress?.(1, total);
    for (let i = 0; i < stack.length; i++) {
      await redraw(stack[i], (o.seed ?? 0) * 1000 + i);
      if (!checkpoints.has(i + 1)) continue;
      steps.push(step(stack[i].name, stack.slice(0, i + 1).map((l) => l.name), original, await maps()));
      o.onProgress?.(steps.length, total);
      await tf.nextFrame(); // let a page repaint its progress bar
    }
    return {classIndex, steps};
  } finally {
    stack.forEach((l, i) => l.setWeights(saved[i]));
    tf.dispose(saved.flat());
  }
}
