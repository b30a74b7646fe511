// src/data/model-cards.json: one card per zoo network (architecture, parameters, source,
// license and attribution, preprocessing, class order), computed from the files themselves at
// build time. No timings: they would make two builds differ (the page times a network in the
// reader's browser instead, components/ui/speed-button.ts). Models whose files are missing get a card saying why.
import {isPixelPreprocess, type Preprocess} from "../../components/zoo/preprocess.ts";
import {initTf} from "../node/tf.ts";
import {loadModel, packModelById} from "../node/zoo.ts";
import {REGISTRY, type RegistryEntry} from "../../components/zoo/registry.ts";
import {unpackModel} from "../../components/zoo/packed.ts";
import {parseTflite} from "../../components/tflite/schema.ts";
import {summarizeTflite} from "../../components/tflite/reader.ts";
import type {LayerKind, ModelSource} from "../../components/zoo/types.ts";
import {unavailableReason} from "./models-status.ts";

export interface ModelCard {
  id: string;
  name: string;
  description: string;
  available: boolean;
  format: string;
  inputSize?: [number, number];
  classes?: number;
  classOrder: string;
  /** x01 -> input = scale x01 + offset, and in words. */
  preprocess?: Preprocess & {text: string};
  parameters?: number;
  weightBytes?: number;
  layerCounts?: Partial<Record<LayerKind, number>>;
  source?: ModelSource;
}

const CLASS_ORDER: Record<RegistryEntry["labels"], string> = {
  "imagenet-standard": "1000 ImageNet classes in the standard order (sorted WordNet ids)",
  "imagenet-darknet": "1000 ImageNet classes in darknet order, mapped to the standard order through WordNet ids",
  "imagenet-background": "1001 outputs: 0 = background (dropped here), 1..1000 = the standard order; checked name by name against categories.txt",
  own: "the model's own classes (meta.json)",
};

/**
 * "RGB pixel p in 0..255 -> p / 127.5 - 1" for a {scale, offset} on x01 = p / 255;
 * "BGR pixel p in 0..255 -> p - [104, 117, 123]" for channel order + mean/std.
 */
export function preprocessText(p: Preprocess): string {
  if (isPixelPreprocess(p)) {
    const std = p.std.every((s) => s === 1) ? "" : ` / [${p.std.join(", ")}]`;
    return `${p.channels.toUpperCase()} channel order, pixel p in 0..255 → ${std ? "(" : ""}p − [${p.mean.join(", ")}]${std ? ")" : ""}${std}`;
  }
  const {scale, offset} = p;
  const per = scale / 255;
  const div = 1 / per;
  const mul = Math.abs(div - Math.round(div * 1000) / 1000) < 1e-9 ? `p / ${+div.toFixed(3)}` : `p × ${+per.toPrecision(4)}`;
  const off = offset === 0 ? "" : offset > 0 ? ` + ${+offset.toPrecision(4)}` : ` − ${+(-offset).toPrecision(4)}`;
  return `RGB pixel p in 0..255 → ${per === 1 ? "p" : mul}${off} (range [${+offset.toPrecision(4)}, ${+(offset + scale).toPrecision(4)}])`;
}

async function card(entry: RegistryEntry): Promise<ModelCard> {
  const base = {id: entry.id, name: entry.name, description: entry.description, classOrder: CLASS_ORDER[entry.labels]};
  const format = entry.format === "tflite" ? "TFLite flatbuffer, uint8 weights dequantized to float32 by our reader" : entry.kind === "embedded" ? "tfjs layers model, float32 (trained by this project)" : "tfjs layers model, float32";
  try {
    const packed = unpackModel(await packModelById(entry.id));
    const parameters = entry.format === "tflite"
      ? summarizeTflite(parseTflite(new Uint8Array(packed.weightData))).parameters
      : packed.weightSpecs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    const model = await loadModel(entry.id);
    try {
      const layerCounts: Partial<Record<LayerKind, number>> = {};
      for (const l of model.layers) layerCounts[l.kind] = (layerCounts[l.kind] ?? 0) + 1;
      const pre = model.preprocess === undefined ? null : (packed.meta.preprocess ?? null);
      return {
        ...base, available: true, format, inputSize: model.inputSize, classes: model.labels.length,
        preprocess: pre ? {...pre, text: preprocessText(pre)} : undefined,
        parameters, weightBytes: packed.weightBytes, layerCounts, source: model.source,
      };
    } finally {
      model.dispose();
    }
  } catch (e) {
    // the reason goes to the build log only
    console.error(`model-cards: ${entry.id} left out: ${await unavailableReason(entry.id, e)}`);
    return {...base, format, available: false};
  }
}

export async function modelCards(): Promise<ModelCard[]> {
  await initTf();
  const cards: ModelCard[] = [];
  for (const entry of REGISTRY) cards.push(await card(entry));
  return cards;
}

export async function writeModelCards(): Promise<void> {
  const cards = await modelCards();
  for (const c of cards) if (c.available) console.error(`model-cards: ${c.id} ${c.parameters} parameters`);
  process.stdout.write(JSON.stringify({cards}, null, 1) + "\n");
}
