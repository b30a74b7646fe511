// Bring your own model: a tfjs layers model, a tfjs graph model or a .tflite file, plus what
// only its owner knows (input size when the file leaves it open, how pixels map to the input,
// class names), validated and turned into a ZooModel. Isomorphic: the page hands in picked
// files or a URL, the lab CLI a path; both read shards through `readShard`.
import * as tf from "@tensorflow/tfjs";
import {ensureCustomLayersRegistered} from "../models/blurpool.ts";
import {readAndDispose} from "../tf/read.ts";
import {tfliteToZooModel} from "../tflite/reader.ts";
import {parseTflite} from "../tflite/schema.ts";
import {summarizeTflite} from "../tflite/reader.ts";
import {fromLayersModel} from "./adapter.ts";
import {checkLayerSizes, checkManifest, checkShardBytes, MAX_INPUT_SIDE} from "./byom-manifest.ts";
import {fromGraphModel, graphNodes, listedNodes} from "./graph-adapter.ts";
import type {Preprocess} from "./registry.ts";
import type {ZooModel} from "./types.ts";

export type ByomFormat = "layers-model" | "graph-model" | "tflite";

export type ByomSource =
  | {kind: "tflite"; bytes: Uint8Array; origin: string}
  | {kind: "tfjs"; modelJson: unknown; readShard: (path: string) => Promise<ArrayBuffer>; origin: string};

export interface ByomSpec {
  id?: string;
  name?: string;
  /** [height, width]; needed only when the file leaves them open. */
  inputSize?: [number, number];
  /** The input range that pixel values 0..255 map onto linearly, e.g. [-1, 1]; read from the file for quantized TFLite inputs. */
  range?: [number, number];
  labels?: string[];
}

export interface ByomCheck {
  check: "format" | "image input" | "conv layers" | "forward pass" | "labels";
  ok: boolean;
  detail: string;
}

export interface ByomReport {
  format: ByomFormat;
  origin: string;
  inputSize: [number, number];
  preprocess: Preprocess;
  classes: number;
  convLayers: number;
  layers: number;
  parameters: number;
  forwardMs: number;
  checks: ByomCheck[];
}

/** Validation failed: `checks` says which check and why, in words a reader can act on. */
export class ByomError extends Error {
  constructor(readonly checks: ByomCheck[]) {
    super(checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`).join("; "));
  }
}

/** [lo, hi] -> x01 * scale + offset. */
export function preprocessFromRange([lo, hi]: [number, number]): Preprocess {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) throw new Error(`input range [${lo}, ${hi}] is not a range`);
  return {scale: hi - lo, offset: lo};
}

/** "TFL3" at bytes 4..8 marks a TFLite flatbuffer. */
export function isTfliteBytes(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && String.fromCharCode(...bytes.subarray(4, 8)) === "TFL3";
}

export function tfjsFormat(modelJson: unknown): ByomFormat {
  const j = modelJson as {format?: string; modelTopology?: {node?: unknown; class_name?: string; model_config?: unknown; config?: unknown}};
  if (!j || typeof j !== "object" || !j.modelTopology) throw new Error("not a tfjs model.json (no modelTopology)");
  if (j.format === "graph-model" || Array.isArray(j.modelTopology.node)) return "graph-model";
  if (j.format === "layers-model" || j.modelTopology.class_name || j.modelTopology.model_config || j.modelTopology.config) return "layers-model";
  throw new Error("model.json is neither a tfjs layers model nor a graph model");
}

type Manifest = Array<{paths: string[]; weights: tf.io.WeightsManifestEntry[]}>;

async function artifactsOf(modelJson: unknown, readShard: (p: string) => Promise<ArrayBuffer>): Promise<tf.io.ModelArtifacts> {
  const j = modelJson as {modelTopology: object; weightsManifest?: Manifest; format?: string; generatedBy?: string; convertedBy?: string; signature?: {}; userDefinedMetadata?: {[key: string]: {}}; modelInitializer?: {}};
  // refuse what would allocate gigabytes or read outside the model's folder before tfjs sees it
  const {bytes: declared} = checkManifest(modelJson);
  if (tfjsFormat(modelJson) === "layers-model") checkLayerSizes(j.modelTopology, j.weightsManifest ?? []);
  const manifest = j.weightsManifest ?? [];
  const parts: ArrayBuffer[] = [];
  for (const p of manifest.flatMap((g) => g.paths)) {
    try {
      parts.push(await readShard(p));
    } catch (e) {
      throw new Error(`weight file "${p}" named in model.json could not be read (${e instanceof Error ? e.message : String(e)}); pick it together with model.json`);
    }
  }
  const total = parts.reduce((n, b) => n + b.byteLength, 0);
  checkShardBytes(declared, total);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const b of parts) (weightData.set(new Uint8Array(b), at), (at += b.byteLength));
  return {modelTopology: j.modelTopology, weightSpecs: manifest.flatMap((g) => g.weights), weightData: weightData.buffer, format: j.format, generatedBy: j.generatedBy, convertedBy: j.convertedBy, signature: j.signature, userDefinedMetadata: j.userDefinedMetadata, modelInitializer: j.modelInitializer};
}

const defaultLabels = (n: number) => Array.from({length: n}, (_, i) => `class ${i}`);

const slug = (s: string) => s.toLowerCase().replace(/\.[a-z]+$/, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "model";

/** Fixed [h, w, c] of an NHWC input shape, with the spec's size filling open dimensions. */
function imageInput(shape: readonly (number | null | undefined)[], spec: ByomSpec, checks: ByomCheck[]): {size: [number, number]; channels: number} | null {
  if (shape.length !== 4) {
    checks.push({check: "image input", ok: false, detail: `the input has shape [${shape.map((d) => d ?? "?")}]; an image input is [batch, height, width, 3]`});
    return null;
  }
  const open = (d: number | null | undefined) => d == null || d < 0;
  const [, h, w, c] = shape;
  const size: [number, number] = [open(h) ? spec.inputSize?.[0] ?? NaN : h!, open(w) ? spec.inputSize?.[1] ?? NaN : w!];
  if (spec.inputSize && !open(h) && (spec.inputSize[0] !== h || spec.inputSize[1] !== w)) {
    checks.push({check: "image input", ok: false, detail: `the model is fixed at ${h}x${w}, not the ${spec.inputSize[0]}x${spec.inputSize[1]} given`});
    return null;
  }
  if (c !== 3) {
    checks.push({check: "image input", ok: false, detail: `the input has ${c ?? "?"} channels; images here are RGB (3)`});
    return null;
  }
  if (!Number.isFinite(size[0]) || !Number.isFinite(size[1])) {
    checks.push({check: "image input", ok: false, detail: "the model accepts any image size: give an input size (e.g. 224)"});
    return null;
  }
  if (!(size[0] >= 1 && size[1] >= 1 && size[0] <= MAX_INPUT_SIDE && size[1] <= MAX_INPUT_SIDE)) {
    checks.push({check: "image input", ok: false, detail: `an input of ${size[0]}x${size[1]} pixels: this site handles sides from 1 to ${MAX_INPUT_SIDE}`});
    return null;
  }
  checks.push({check: "image input", ok: true, detail: `${size[0]}x${size[1]} RGB`});
  return {size, channels: c};
}

/** Loads, validates (image input, conv layers, a finite forward pass, labels) and wraps. */
export async function loadByom(source: ByomSource, spec: ByomSpec = {}): Promise<{model: ZooModel; report: ByomReport}> {
  const checks: ByomCheck[] = [];
  const fail = (check: ByomCheck["check"], detail: string): never => {
    checks.push({check, ok: false, detail});
    throw new ByomError(checks);
  };
  const throwChecks = (): never => {
    throw new ByomError(checks);
  };
  const id = spec.id ?? `user:${slug(spec.name ?? source.origin.split(/[\\/]/).pop() ?? "model")}`;
  const name = spec.name ?? source.origin.split(/[\\/]/).pop() ?? "your model";
  let format: ByomFormat;
  let model: ZooModel | null = null;
  let parameters = 0;
  let preprocess: Preprocess | null = spec.range ? preprocessFromRange(spec.range) : null;
  try {
    if (source.kind === "tflite") {
      format = "tflite";
      if (!isTfliteBytes(source.bytes)) fail("format", "not a TFLite flatbuffer (no TFL3 identifier)");
      let summary;
      try {
        summary = summarizeTflite(parseTflite(source.bytes));
      } catch (e) {
        return fail("format", `the .tflite file cannot be read: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (summary.unsupported.length) fail("format", `operators the reader does not support: ${summary.unsupported.join(", ")}`);
      checks.push({check: "format", ok: true, detail: `TFLite, ${Object.values(summary.operators).reduce((a, b) => a + b, 0)} operators, ${summary.inputType} input`});
      const input = imageInput(summary.inputShape, spec, checks);
      if (!input) throw new ByomError(checks);
      preprocess ??= summary.inputPreprocess;
      if (!preprocess) fail("image input", `the model takes ${summary.inputType} input: say which range pixels map onto (e.g. [-1, 1])`);
      parameters = summary.parameters;
      model = tfliteToZooModel(source.bytes, {id, name, preprocess: preprocess!});
    } else {
      try {
        format = tfjsFormat(source.modelJson);
      } catch (e) {
        return fail("format", e instanceof Error ? e.message : String(e));
      }
      const artifacts = await artifactsOf(source.modelJson, source.readShard);
      if (!preprocess) fail("image input", "say which range pixels map onto (e.g. [0, 1], [-1, 1] or [0, 255])");
      if (format === "layers-model") {
        ensureCustomLayersRegistered();
        let lm: tf.LayersModel;
        try {
          lm = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
        } catch (e) {
          return fail("format", `tfjs could not load the layers model: ${e instanceof Error ? e.message : String(e)}`);
        }
        checks.push({check: "format", ok: true, detail: `tfjs layers model, ${lm.layers.length} layers`});
        const input = imageInput(lm.inputs[0]?.shape ?? [], spec, checks);
        if (!input) (lm.dispose(), throwChecks());
        parameters = lm.countParams();
        const classes = lm.outputs[0].shape[lm.outputs[0].shape.length - 1] as number;
        const labels = defaultLabels(classes);
        try {
          model = fromLayersModel(lm, {id, name, inputSize: input!.size, labels, preprocess: preprocess!});
        } catch (e) {
          lm.dispose();
          return fail("format", e instanceof Error ? e.message : String(e));
        }
      } else {
        let gm: tf.GraphModel;
        try {
          gm = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
        } catch (e) {
          return fail("format", `tfjs could not load the graph model: ${e instanceof Error ? e.message : String(e)}`);
        }
        const nodes = graphNodes(artifacts.modelTopology);
        checks.push({check: "format", ok: true, detail: `tfjs graph model, ${nodes.length} nodes`});
        const input = imageInput(gm.inputs[0]?.shape ?? [], spec, checks);
        if (!input) (gm.dispose(), throwChecks());
        parameters = artifacts.weightSpecs!.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
        let classes: number;
        try {
          classes = tf.tidy(() => {
            const out = gm.execute(tf.zeros([1, ...input!.size, 3])) as tf.Tensor;
            return out.shape[out.shape.length - 1];
          });
        } catch (e) {
          gm.dispose();
          return fail("forward pass", `the graph model failed on a ${input!.size.join("x")} image: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (!listedNodes(nodes).length) (gm.dispose(), fail("conv layers", "the graph has no convolution, pooling or activation nodes"));
        const labels = defaultLabels(classes);
        model = fromGraphModel(gm, nodes, {id, name, inputSize: input!.size, labels, preprocess: preprocess!});
      }
    }
    const convLayers = model.layers.filter((l) => l.kind === "conv" || l.kind === "depthwise").length;
    if (!convLayers) fail("conv layers", "no convolutional layers: the chapters look inside CNNs");
    checks.push({check: "conv layers", ok: true, detail: `${convLayers} conv layers of ${model.layers.length} listed`});
    // forward pass on a seeded-noise image: shape and finiteness
    const t0 = performance.now();
    const probs = tf.tidy(() => model!.probabilities(tf.randomUniform([1, ...model!.inputSize, 3], 0, 1, "float32", 1) as tf.Tensor4D));
    const classes = probs.shape[1];
    const v = Array.from(await readAndDispose(probs));
    const finite = v.every(Number.isFinite), sum = v.reduce((a, b) => a + b, 0);
    const forwardMs = performance.now() - t0;
    if (!finite) fail("forward pass", "the model's outputs are not finite on a noise image");
    checks.push({check: "forward pass", ok: true, detail: `${classes} classes, probabilities sum to ${sum.toFixed(3)}, ${forwardMs.toFixed(0)} ms`});
    if (spec.labels && spec.labels.length !== classes) fail("labels", `${spec.labels.length} labels for ${classes} outputs`);
    if (spec.labels) {
      model.labels = spec.labels;
      checks.push({check: "labels", ok: true, detail: `${classes} labels, e.g. "${spec.labels[0]}"`});
    }
    return {model, report: {format: format!, origin: source.origin, inputSize: model.inputSize, preprocess: preprocess!, classes, convLayers, layers: model.layers.length, parameters, forwardMs, checks}};
  } catch (e) {
    model?.dispose();
    if (e instanceof ByomError) throw e;
    checks.push({check: "format", ok: false, detail: e instanceof Error ? e.message : String(e)});
    throw new ByomError(checks);
  }
}

/** Class names from a labels file: one per line (blank lines ignored). */
export function parseLabels(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
}
