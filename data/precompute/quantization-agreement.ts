// `npx tsx data/precompute/quantization-agreement.ts [ids...]`: does the uint8 file the site
// ships classify like the float32 weights? Top-1 agreement on every mirrored photo and the 80
// mirrored cue-conflict images, written to data/precomputed/quantization-<id>.json (for
// docs/models.md). Default ids: the registry entries the site ships quantized.
import {initTf, tf} from "../node/tf.ts";
import {loadModel, packModelById} from "../node/zoo.ts";
import {loadPackedModel} from "../../components/zoo/packed.ts";
import {REGISTRY} from "../../components/zoo/registry.ts";
import {manifest} from "../assets/manifest.ts";
import {readAsset} from "../assets/resolve.ts";
import {decodeImage} from "../node/image-io.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {modelKey, writeCommitted} from "./committed.ts";
import type {ZooModel} from "../../components/zoo/types.ts";

const IMAGE = /\.(png|jpe?g|bmp)$/i;

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

export async function quantizationAgreement(id: string): Promise<object> {
  await initTf();
  const packed = await packModelById(id);
  const [float, quantized] = [await loadModel(id), await loadPackedModel(packed)];
  const {photos, cueConflict} = imageIds();
  const rows: Array<{image: string; set: string; float: string; uint8: string; same: boolean}> = [];
  try {
    for (const [set, list] of [["photos", photos], ["cue-conflict", cueConflict]] as const) {
      for (const image of list) {
        const [a, b] = [await top1(float, image), await top1(quantized, image)];
        rows.push({image, set, float: float.labels[a.index], uint8: quantized.labels[b.index], same: a.index === b.index});
      }
    }
  } finally {
    float.dispose();
    quantized.dispose();
  }
  const summary = (set: string) => {
    const r = rows.filter((x) => x.set === set);
    return {n: r.length, agree: r.filter((x) => x.same).length};
  };
  return {key: await modelKey(id, {quantization: 1}), model: id, bytes: packed.byteLength, photos: summary("photos"), cueConflict: summary("cue-conflict"), disagreements: rows.filter((r) => !r.same)};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ids = process.argv.slice(2).length ? process.argv.slice(2) : REGISTRY.filter((e) => e.shipQuantized).map((e) => e.id);
  for (const id of ids) {
    const t = performance.now();
    const r = await quantizationAgreement(id) as {photos: {n: number; agree: number}; cueConflict: {n: number; agree: number}};
    writeCommitted("quantization", id, r);
    console.error(`${id}: photos ${r.photos.agree}/${r.photos.n}, cue-conflict ${r.cueConflict.agree}/${r.cueConflict.n} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
}
