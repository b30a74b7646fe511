// .tflite bytes -> ZooModel: parse the flatbuffer, dequantize the weights, translate the graph
// into a float tfjs LayersModel, and wrap it with the zoo's adapter. Isomorphic: pages call it
// on a file the reader picked, Node on the asset mirror's files.
import {fromLayersModel} from "../zoo/adapter.ts";
import type {Preprocess} from "../zoo/registry.ts";
import type {ModelSource, ZooModel} from "../zoo/types.ts";
import {inputAffine} from "./dequantize.ts";
import {parseTflite, type TfliteModel} from "./schema.ts";
import {toLayersModel, unsupportedOps, type TranslatedModel} from "./to-layers.ts";

export interface TfliteZooOptions {
  id: string;
  name: string;
  /** Class names in output order (after dropLeadingClasses); default "class 0", "class 1", ... */
  labels?: string[];
  /**
   * How images in [0, 1] map to the model's input. Required for float inputs; for quantized
   * (uint8/int8) inputs it is read from the input tensor's quantization unless given.
   */
  preprocess?: Preprocess;
  /** Outputs to drop in front (1 for the "background" class of TF-slim ImageNet models). */
  dropLeadingClasses?: number;
  standardIndexOf?: number[];
  source?: ModelSource;
}

/** What a .tflite file says about itself: enough for a model card or a validation message. */
export interface TfliteSummary {
  description: string;
  inputName: string;
  inputShape: number[];
  inputType: string;
  /** The [0, 1] -> input map the file's input quantization implies (null for float inputs). */
  inputPreprocess: Preprocess | null;
  outputShape: number[];
  outputType: string;
  /** Operator counts by TFLite name. */
  operators: Record<string, number>;
  unsupported: string[];
  /** Number of weight values (all constant tensors). */
  parameters: number;
  /** How the weights are stored, e.g. {uint8: 3504872, int32: 34112}. */
  weightTypes: Record<string, number>;
}

export function summarizeTflite(model: TfliteModel): TfliteSummary {
  const input = model.tensors[model.inputs[0]], output = model.tensors[model.outputs[0]];
  const operators: Record<string, number> = {};
  for (const op of model.operators) operators[op.op] = (operators[op.op] ?? 0) + 1;
  const weightTypes: Record<string, number> = {};
  let parameters = 0;
  // constant inputs of weighted ops are parameters; shape operands (RESHAPE's, PAD's) are not
  const weightInputs = new Set(model.operators.filter((o) => /CONV|FULLY_CONNECTED/.test(o.op)).flatMap((o) => o.inputs.slice(1)));
  for (const t of model.tensors) {
    if (!t.data || !weightInputs.has(t.index)) continue;
    const n = t.shape.reduce((a, b) => a * b, 1);
    parameters += n;
    weightTypes[t.type] = (weightTypes[t.type] ?? 0) + n;
  }
  const quantizedInput = (input?.type === "uint8" || input?.type === "int8") && input.quantization;
  return {
    description: model.description,
    inputName: input?.name ?? "",
    inputShape: input?.shape ?? [],
    inputType: input?.type ?? "none",
    inputPreprocess: quantizedInput ? inputAffine(input.quantization!, input.type as "uint8") : null,
    outputShape: output?.shape ?? [],
    outputType: output?.type ?? "none",
    operators,
    unsupported: unsupportedOps(model),
    parameters,
    weightTypes,
  };
}

const asBytes = (b: ArrayBuffer | Uint8Array) => (b instanceof Uint8Array ? b : new Uint8Array(b));

/** The faithful float translation (all outputs kept), e.g. to compare with the TFLite runtime. */
export function translateTflite(bytes: ArrayBuffer | Uint8Array, dropLeadingClasses = 0): TranslatedModel & {summary: TfliteSummary} {
  const parsed = parseTflite(asBytes(bytes));
  return {...toLayersModel(parsed, {dropLeadingClasses}), summary: summarizeTflite(parsed)};
}

/** A .tflite image classifier as a ZooModel (call after tfjs has a backend). */
export function tfliteToZooModel(bytes: ArrayBuffer | Uint8Array, options: TfliteZooOptions): ZooModel {
  const t = translateTflite(bytes, options.dropLeadingClasses ?? 0);
  try {
    if (t.channels !== 3) throw new Error(`${options.id}: the input has ${t.channels} channels; zoo models take RGB images (3 channels)`);
    const preprocess = options.preprocess ?? t.summary.inputPreprocess;
    if (!preprocess) throw new Error(`${options.id}: the model takes ${t.summary.inputType} input; say how images map to it (preprocess scale and offset, e.g. scale 2, offset -1 for [-1, 1])`);
    const classes = t.model.outputs[0].shape[t.model.outputs[0].shape.length - 1] as number;
    const labels = options.labels ?? Array.from({length: classes}, (_, i) => `class ${i}`);
    if (labels.length !== classes) throw new Error(`${options.id}: ${labels.length} labels for ${classes} outputs`);
    return fromLayersModel(t.model, {id: options.id, name: options.name, inputSize: t.inputSize, labels, preprocess, standardIndexOf: options.standardIndexOf, source: options.source});
  } catch (e) {
    t.model.dispose();
    throw e;
  }
}
