// `npx tsx data/precompute/quantization-sensitivity.ts [id]`: which kernels are worth 16 bits?
// For each stage's kernels alone (ResNet blocks grouped by stage digit, GoogLeNet inception
// blocks likewise, other layers by name: conv1, res2, ..., res5, fc1000), the float32 network
// with just those kernels in uint8 per channel (components/zoo/quantize.ts): how far its logits
// move on 8 cue-conflict images (every 10th of the mirror's 80; RMS logit change over the RMS
// of the float logits). Stages, not single kernels: one kernel at a time took over a minute
// each on 2 cores. Written to data/precomputed/quantization-sensitivity-<id>.json; the
// registry's `shipWide` pattern (uint16 kernels) was chosen from it: the largest change per
// stored byte first, within the dist budget.
import {initTf, tf} from "../node/tf.ts";
import {packModelById} from "../node/zoo.ts";
import {loadFromArtifacts, unpackModel} from "../../components/zoo/packed.ts";
import {quantizePerChannel} from "../../components/zoo/quantize.ts";
import {manifest} from "../assets/manifest.ts";
import {readAsset} from "../assets/resolve.ts";
import {decodeImage} from "../node/image-io.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {writeCommitted} from "./committed.ts";

/** res4b_branch2a/kernel -> res4, inception_4a/1x1/filter -> inception_4, conv1/kernel -> conv1, fc1000/kernel -> fc1000. */
export const stageOf = (name: string) => /^(res\d|inception_\d)/.exec(name)?.[1] ?? name.split("/")[0];

export async function kernelSensitivity(id: string, {every = 10, log = (l: string) => process.stderr.write(l + "\n")} = {}): Promise<object> {
  await initTf();
  const u = unpackModel(await packModelById(id, {quantize: false}));
  const cue = manifest().groups.find((g) => g.id === "geirhos-cue-conflict")!.files.filter((f) => /\.png$/.test(f.name)).filter((_, i) => i % every === 0);
  const images = await Promise.all(cue.map(async (f) => decodeImage(new Uint8Array(await readAsset(`geirhos-cue-conflict/${f.name}`)), f.name)));
  const x = tf.tidy(() => tf.concat(images.map((img) => toModelInput(img.data, img.width, img.height, u.meta.inputSize))));
  const logitsOf = async (data: ArrayBuffer) => {
    const m = await loadFromArtifacts(u.meta, {modelTopology: u.modelTopology, weightSpecs: u.weightSpecs}, data);
    try {
      return tf.tidy(() => (m.logits(x).dataSync() as Float32Array).slice());
    } finally {
      m.dispose();
    }
  };
  const reference = await logitsOf(u.weightData);
  const rms = (a: Float32Array, b?: Float32Array) => Math.sqrt(a.reduce((s, v, i) => s + (v - (b ? b[i] : 0)) ** 2, 0) / a.length);
  const offsets = new Map<string, number>();
  let at = 0;
  for (const s of u.weightSpecs) (offsets.set(s.name, at), (at += 4 * s.shape.reduce((a, b) => a * b, 1)));
  const kernels = u.weightSpecs.filter((s) => s.shape.length >= 2);
  const rows = [];
  for (const stage of [...new Set(kernels.map((s) => stageOf(s.name)))]) {
    const t = performance.now();
    const data = u.weightData.slice(0);
    let parameters = 0;
    for (const s of kernels.filter((k) => stageOf(k.name) === stage)) {
      const n = s.shape.reduce((a, b) => a * b, 1), C = s.shape[s.shape.length - 1];
      const view = new Float32Array(data, offsets.get(s.name)!, n);
      const q = quantizePerChannel(view.slice(), C);
      for (let i = 0; i < n; i++) view[i] = q.bytes[i] * q.scale[i % C] + q.min[i % C];
      parameters += n;
    }
    const change = rms(await logitsOf(data), reference) / rms(reference);
    rows.push({stage, parameters, logitChange: +change.toPrecision(3)});
    log(`${stage}: ${parameters} parameters, ${change.toPrecision(3)} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  x.dispose();
  return {model: id, images: cue.map((f) => f.name), measure: "RMS logit change / RMS float logit, one stage's kernels in uint8 per channel", stages: rows};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const id = process.argv[2] ?? "resnet-50";
  writeCommitted("quantization-sensitivity", id, await kernelSensitivity(id));
}
