// Synchronous data-parallel training, written so that WHERE the work runs never changes the
// numbers. A batch is cut into a fixed number of equal shards; each shard's gradient (of its
// own mean loss) is computed on its own, and the step's gradient is their mean, summed in
// shard order. Because the number of shards is part of the training procedure (not the
// number of cores), one thread computing the shards one after another and two worker threads
// computing one each produce the same float32 bits on the same backend: IEEE addition and
// division are correctly rounded in a JS Float32Array and in a wasm kernel alike.
// Without batch-dependent layers (ours have no batch norm) the mean of equal shards' mean
// losses IS the batch's mean loss, so sharding changes only the rounding, not the maths.
import * as tf from "@tensorflow/tfjs";

/** One shard, already preprocessed: images NHWC (n x size x size x 3) and integer labels. */
export interface ShardData {
  images: Float32Array;
  labels: Int32Array;
  size: number;
}

export interface ShardGradient {
  /** One flat array per trainable variable, in the model's order. */
  grads: Float32Array[];
  loss: number;
  hits: number;
}

/** The tf.Variables behind a layers model's trainable weights, in the model's order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as {read(): tf.Variable}).read());
}

/** Cut a batch of n images into `shards` equal shards (n must divide evenly). */
export function shardBounds(n: number, shards: number): Array<[number, number]> {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a positive integer, got ${shards}`);
  if (n % shards !== 0) throw new Error(`batch ${n} does not split into ${shards} equal shards`);
  const m = n / shards;
  return Array.from({length: shards}, (_, k) => [k * m, m] as [number, number]);
}

export function sliceShard(images: Float32Array, labels: Int32Array, size: number, [start, m]: [number, number]): ShardData {
  const px = size * size * 3;
  return {images: images.slice(start * px, (start + m) * px), labels: labels.slice(start, start + m), size};
}

/** Mean softmax cross-entropy of one shard and its gradient w.r.t. `vars` (tensors disposed). */
export function shardGradient(toLogits: tf.LayersModel, vars: tf.Variable[], shard: ShardData, classes: number): ShardGradient {
  // tensors leave tidy and are read after it: tidy walks what it returns element by element,
  // and walking the gradients' typed arrays cost more than reading them
  const out = tf.tidy(() => {
    const n = shard.labels.length;
    const x = tf.tensor4d(shard.images, [n, shard.size, shard.size, 3]);
    const labels = tf.tensor1d(shard.labels, "int32");
    let hits: tf.Tensor | null = null;
    const {value, grads} = tf.variableGrads(() => {
      const logits = toLogits.apply(x, {training: true}) as tf.Tensor;
      hits = tf.keep(tf.equal(logits.argMax(-1), labels).sum());
      return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits) as tf.Scalar;
    }, vars);
    return {value, hits: hits as unknown as tf.Tensor, grads: vars.map((v) => grads[v.name])};
  });
  const result = {grads: out.grads.map((g) => g.dataSync() as Float32Array), loss: out.value.dataSync()[0], hits: out.hits.dataSync()[0]};
  tf.dispose([out.value, out.hits, ...out.grads]);
  return result;
}

/** The mean of the shards' gradients, summed in shard order in float32. */
export function averageGradients(shards: Float32Array[][]): Float32Array[] {
  const S = shards.length;
  return shards[0].map((first, v) => {
    const acc = Float32Array.from(first);
    for (let k = 1; k < S; k++) {
      const g = shards[k][v];
      for (let i = 0; i < acc.length; i++) acc[i] += g[i]; // stored back as float32: one rounding per add
    }
    if (S > 1) for (let i = 0; i < acc.length; i++) acc[i] /= S;
    return acc;
  });
}

/** Apply averaged gradients with the optimizer (its state, e.g. Adam's moments, lives here). */
export function applyGradients(optimizer: tf.Optimizer, vars: tf.Variable[], grads: Float32Array[]): void {
  tf.tidy(() => optimizer.applyGradients(vars.map((v, i) => ({name: v.name, tensor: tf.tensor(grads[i], v.shape)}))));
}

/** Combine shard results into the step's loss (mean) and hits (sum). */
export function combine(results: ShardGradient[]): {grads: Float32Array[]; loss: number; hits: number} {
  return {
    grads: averageGradients(results.map((r) => r.grads)),
    loss: results.reduce((s, r) => s + r.loss, 0) / results.length,
    hits: results.reduce((s, r) => s + r.hits, 0),
  };
}

/** Something that can take one synchronous data-parallel step on a replicated model. */
export interface GradientStepper {
  /** One optimizer step on a preprocessed batch, cut into the stepper's shards. */
  step(images: Float32Array, labels: Int32Array, size: number, learningRate: number): Promise<{loss: number; hits: number}>;
  /** The trained weights (model.getWeights() order), to copy into a model for evaluation. */
  weights(): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/**
 * Shards computed one after another in this thread (the page, or Node with one core).
 * `between` runs after each shard: the page yields to the browser there. close() disposes
 * the optimizer (not the model).
 */
export class LocalStepper implements GradientStepper {
  private vars: tf.Variable[];
  constructor(private model: tf.LayersModel, private toLogits: tf.LayersModel, private optimizer: tf.Optimizer, private shards: number, private classes: number, private between?: () => Promise<void>) {
    this.vars = trainableVariables(model);
  }

  async step(images: Float32Array, labels: Int32Array, size: number, learningRate: number) {
    (this.optimizer as unknown as {learningRate: number}).learningRate = learningRate; // a plain field: setting it keeps Adam's moments
    const results: ShardGradient[] = [];
    for (const bounds of shardBounds(labels.length, this.shards)) {
      results.push(shardGradient(this.toLogits, this.vars, sliceShard(images, labels, size, bounds), this.classes));
      if (this.between) await this.between();
    }
    const {grads, loss, hits} = combine(results);
    applyGradients(this.optimizer, this.vars, grads);
    return {loss, hits};
  }

  async weights() {
    return this.model.getWeights().map((w) => w.dataSync() as Float32Array);
  }

  async close() {
    this.optimizer.dispose();
  }
}

/** Copy weights (model.getWeights() order) into a model. */
export function setWeights(model: tf.LayersModel, weights: Float32Array[]): void {
  const current = model.getWeights();
  const tensors = weights.map((w, i) => tf.tensor(w, current[i].shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
