// `npx tsx data/precompute/quantization-agreement.ts [ids...]`: does the quantized file the
// site ships classify like the float32 weights? For each scheme (uint8 per tensor, tfjs's own
// format; uint8 per output channel, ours; components/zoo/quantize.ts): the packed size, the
// relative RMS error of every kernel, and the top-1 agreement with float32 on every mirrored
// photo and the 80 mirrored cue-conflict images, written to data/precomputed/quantization-<id>.json
// (for docs/models.md). Default ids: the registry entries the site ships quantized.
import {createHash} from "node:crypto";
import {initTf, tf} from "../node/tf.ts";
import {loadModel, packModelById} from "../node/zoo.ts";
import {loadPackedModel, unpackModel} from "../../components/zoo/packed.ts";
import {REGISTRY} from "../../components/zoo/registry.ts";
import {dequantizeChannels, SHIPPED_SCHEME, type QuantizationScheme} from "../../components/zoo/quantize.ts";
import {manifest} from "../assets/manifest.ts";
import {readAsset} from "../assets/resolve.ts";
import {decodeImage} from "../node/image-io.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {writeCommitted} from "./committed.ts";
import type {ZooModel} from "../../components/zoo/types.ts";

const IMAGE = /\.(png|jpe?g|bmp)$/i;
export const SCHEMES: QuantizationScheme[] = ["per-tensor", "per-channel"];

function imageIds(): {photos: string[]; cueConflict: string[]} {
  const groups = manifest().groups;
  const ids = (pred: (g: (typeof groups)[number]) => boolean) => groups.filter(pred).flatMap((g) => g.files.filter((f) => IMAGE.test(f.name)).map((f) => `${g.id}/${f.name}`));
  return {photos: ids((g) => g.kind === "photos"), cueConflict: ids((g) => g.id === "geirhos-cue-conflict")};
}

async function top1(model: ZooModel, id: string): Promise<{index: number; p: number}> {
  const img = decodeImage(new Uint8Array(await readAsset(id)), id);
  return tf.tidy(() => {
    const x = toModelInput(img.data, img.width, img.height, model.inputSize);
    const probs = model.probabilities(x);
    const index = tf.argMax(probs, 1).dataSync()[0];
    return {index, p: probs.dataSync()[index]};
  });
}

/** Every weight of a packed file as float32, by name (tfjs dequantizes its own format). */
function decodedWeights(packed: Uint8Array): Map<string, {shape: number[]; values: Float32Array}> {
  const u = unpackModel(packed);
  const plain = dequantizeChannels(u.weightSpecs, u.weightData);
  const tensors = tf.io.decodeWeights(plain.weightData, plain.weightSpecs);
  const out = new Map(Object.entries(tensors).map(([name, t]) => [name, {shape: t.shape, values: (t.dataSync() as Float32Array).slice()}]));
  tf.dispose(Object.values(tensors));
  return out;
}

/** ||q - w|| / ||w|| for every quantized kernel of each scheme, in the file's weight order. */
function kernelErrors(float: Uint8Array, packs: Record<string, Uint8Array>): Array<Record<string, string | number | number[]>> {
  const reference = decodedWeights(float);
  const decoded = Object.fromEntries(Object.entries(packs).map(([s, p]) => [s, decodedWeights(p)]));
  const rows = [];
  for (const [name, {shape, values}] of reference) {
    if (shape.length < 2) continue; // biases and batch-norm vectors stay float32
    const row: Record<string, string | number | number[]> = {weight: name, shape};
    for (const [scheme, weights] of Object.entries(decoded)) {
      const q = weights.get(name)!.values;
      let err = 0, norm = 0;
      for (let i = 0; i < values.length; i++) (err += (q[i] - values[i]) ** 2, (norm += values[i] ** 2));
      row[scheme] = +Math.sqrt(err / norm).toPrecision(3);
    }
    rows.push(row);
  }
  return rows;
}

interface SchemeResult {
  bytes: number;
  photos: {n: number; agree: number};
  cueConflict: {n: number; agree: number};
  disagreements: Array<{image: string; set: string; float: string; pFloat: number; quantized: string; pQuantized: number}>;
}

export async function quantizationAgreement(id: string, {schemes = SCHEMES, log = (l: string) => process.stderr.write(l + "\n")} = {}): Promise<object> {
  await initTf();
  const packs = Object.fromEntries(await Promise.all(schemes.map(async (s) => [s, await packModelById(id, {quantize: s})] as const)));
  const shipped = await packModelById(id);
  const errors = kernelErrors(await packModelById(id, {quantize: false}), packs);
  const {photos, cueConflict} = imageIds();
  const results: Record<string, SchemeResult> = {};
  const float = await loadModel(id);
  try {
    const floatTop = new Map<string, {index: number; p: number}>();
    for (const image of [...photos, ...cueConflict]) floatTop.set(image, await top1(float, image));
    for (const scheme of schemes) {
      const t = performance.now();
      const quantized = await loadPackedModel(packs[scheme]);
      const r: SchemeResult = {bytes: packs[scheme].byteLength, photos: {n: 0, agree: 0}, cueConflict: {n: 0, agree: 0}, disagreements: []};
      try {
        for (const [set, list] of [["photos", photos], ["cue-conflict", cueConflict]] as const) {
          const tally = set === "photos" ? r.photos : r.cueConflict;
          for (const image of list) {
            const [a, b] = [floatTop.get(image)!, await top1(quantized, image)];
            tally.n++;
            if (a.index === b.index) tally.agree++;
            else r.disagreements.push({image, set, float: float.labels[a.index], pFloat: +a.p.toFixed(3), quantized: quantized.labels[b.index], pQuantized: +b.p.toFixed(3)});
          }
        }
      } finally {
        quantized.dispose();
      }
      results[scheme] = r;
      log(`${id} ${scheme}: photos ${r.photos.agree}/${r.photos.n}, cue-conflict ${r.cueConflict.agree}/${r.cueConflict.n}, ${r.bytes} bytes (${((performance.now() - t) / 1000).toFixed(0)} s)`);
    }
  } finally {
    float.dispose();
  }
  // keyed by the bytes the site ships (the one output here that depends on them)
  const key = createHash("sha256").update(shipped).update(JSON.stringify({quantization: 2, schemes})).digest("hex").slice(0, 16);
  return {key, model: id, shipped: SHIPPED_SCHEME, bytes: shipped.byteLength, schemes: results, kernelErrors: errors};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ids = process.argv.slice(2).length ? process.argv.slice(2) : REGISTRY.filter((e) => e.shipQuantized).map((e) => e.id);
  for (const id of ids) {
    const t = performance.now();
    writeCommitted("quantization", id, await quantizationAgreement(id));
    console.error(`${id}: ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
}
