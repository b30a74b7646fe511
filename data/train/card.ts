// The model card: what the network is, what it saw, how well it does, how to rebuild it.
// card.json holds the numbers; card.md says the same for people.
import * as tf from "@tensorflow/tfjs";

export interface LayerRow {
  name: string;
  type: string;
  outputShape: number[];
  params: number;
}

export interface ModelCard {
  id: string;
  name: string;
  variant: string;
  architecture: LayerRow[];
  parameters: number;
  weightBytes: number;
  weightsSha256: string;
  inputSize: [number, number];
  labels: string[];
  textures: string[];
  preprocess: {scale: number; offset: number};
  data: {dataset: string; textureAgreement: number; imagesSeen: number; epochs: number; imagesPerEpoch: number; batchSize: number; maxRotationDeg: number; scaleRange: [number, number]};
  optimizer: {name: string; learningRate: number; schedule: string; /** gradient shards per batch (absent: 1, the whole batch) */ shards?: number};
  seed: number;
  results: {testAccuracy: number; testImages: number; testSeed: number; cueConflictAccuracy: number; cueConflictTextureRate: number; cueConflictImages: number; cueConflictSeed: number};
  training: {seconds: number; imagesPerSecond: number; workers?: number; machine: string; backend: string; node: string; tfjs: string; date: string};
  command: string;
}

/** Layer table at the training size: output shape from a real forward pass of one image. */
export function layerTable(model: tf.LayersModel, size: number): LayerRow[] {
  const layers = model.layers;
  const probe = tf.model({inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor)});
  const shapes = tf.tidy(() => (probe.predict(tf.zeros([1, size, size, 3])) as tf.Tensor[]).map((t) => t.shape.slice(1)));
  return layers.map((l, i) => ({name: l.name, type: l.getClassName(), outputShape: shapes[i], params: l.countParams()}));
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function cardMarkdown(c: ModelCard): string {
  const rows = c.architecture.map((r) => `| ${r.name} | ${r.type} | ${r.outputShape.join(" x ")} | ${r.params} |`).join("\n");
  return `# ${c.name} (\`${c.id}\`)

A small VGG-style CNN trained by this project on ShapeTex (procedural shapes filled with
textures, after Hermann et al. 2020's Trifeature data). It classifies the SHAPE of an image
(${c.labels.join(", ")}). ${c.variant === "blurpool"
    ? "Subsampling is anti-aliased: every pooling is Zhang (2019)'s MaxBlurPool (dense 2x2 max, then a [1,2,1]x[1,2,1]/16 blur with stride 2)."
    : "Subsampling is plain 2x2 max-pooling with stride 2."} Fully convolutional up to a global
average pooling, so it accepts inputs larger than ${c.inputSize[0]}x${c.inputSize[1]}.

## Architecture

| layer | type | output (at ${c.inputSize[0]}x${c.inputSize[1]}) | params |
|---|---|---|---|
${rows}

Parameters: ${c.parameters} (${(c.weightBytes / 1024).toFixed(0)} KiB of float32 weights, sha256 \`${c.weightsSha256.slice(0, 16)}...\`).
Input: RGB in [0, 1] mapped to x * ${c.preprocess.scale} + ${c.preprocess.offset}.

## Data and training

- Dataset: ${c.data.dataset}, ${c.inputSize[0]} px, rotation within +/-${c.data.maxRotationDeg} deg, shape radius ${c.data.scaleRange[0]}-${c.data.scaleRange[1]} of half the image, fresh images every batch.
- textureAgreement = ${c.data.textureAgreement.toFixed(4)} (P(texture = the shape's partner); ${c.data.textureAgreement.toFixed(4) === (1 / c.labels.length).toFixed(4) ? "1/classes, so texture carries no information about shape" : "a texture shortcut is available"}).
- ${c.data.epochs} epochs x ${c.data.imagesPerEpoch} images = ${c.data.imagesSeen} images, batch ${c.data.batchSize}.
- Optimizer: ${c.optimizer.name}, learning rate ${c.optimizer.learningRate}, ${c.optimizer.schedule}${(c.optimizer.shards ?? 1) > 1 ? `; each batch's gradient is the mean of ${c.optimizer.shards} equal shards' gradients` : ""}.
- Seed: ${c.seed} (weights init, data, everything).

## Results

- In-distribution test accuracy: **${pct(c.results.testAccuracy)}** (${c.results.testImages} held-out images, seed ${c.results.testSeed}, same distribution as training).
- Cue-conflict accuracy (shape label, texture != the shape's partner, all ${c.labels.length * (c.labels.length - 1)} pairs): **${pct(c.results.cueConflictAccuracy)}** (${c.results.cueConflictImages} images, seed ${c.results.cueConflictSeed}); the network chose the texture's partner shape on ${pct(c.results.cueConflictTextureRate)}.

## Provenance

- Training time: ${(c.training.seconds / 60).toFixed(1)} min (${c.training.imagesPerSecond.toFixed(0)} images/s) on ${c.training.machine}, tfjs ${c.training.tfjs} ${c.training.backend} backend, Node ${c.training.node}, ${c.training.date}.
- Reproduce: \`${c.command}\`
`;
}
