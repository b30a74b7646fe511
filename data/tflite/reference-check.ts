// The reference check of the TFLite reader: the same photo through (a) our dequantized float
// translation and (b) Google's TFLite runtime (wasm) on the quantized file; same top-1, and how
// far apart the 1001 probabilities are. Both see the identical uint8 pixels.
import {isPixelPreprocess} from "../../components/zoo/preprocess.ts";
import {tf} from "../node/tf.ts";
import {readImage} from "../node/image-io.ts";
import {resolveAsset} from "../assets/resolve.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {translateTflite} from "../../components/tflite/reader.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {readAsset, readAssetText} from "../assets/resolve.ts";
import {loadReference} from "../node/tflite-runtime.ts";

/** The mirror's photos: Coral's test images and scikit-image's. */
export const REFERENCE_PHOTOS = [
  "coral/bird.bmp", "coral/cat.bmp", "coral/dragonfly.bmp", "coral/grace_hopper.bmp", "coral/hot_dog.jpg", "coral/owl.jpg",
  "coral/parrot.jpg", "coral/pets.jpg", "coral/sunflower.bmp", "skimage/chelsea.png", "skimage/coffee.png",
  "skimage/astronaut.png", "skimage/rocket.jpg", "skimage/motorcycle_left.png",
];

export interface PhotoCheck {
  photo: string;
  top1: string;
  top1Index: number;
  referenceTop1: string;
  referenceTop1Index: number;
  sameTop1: boolean;
  probability: number;
  referenceProbability: number;
  /** max over the 1001 outputs of |p_ours - p_tflite| (TFLite's uint8 probabilities are q / 256). */
  maxProbabilityDifference: number;
  msOurs: number;
  msReference: number;
}

const argmax = (a: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
};

export async function referenceCheck(id: string, photos: string[] = REFERENCE_PHOTOS): Promise<{model: string; file: string; photos: PhotoCheck[]; agreement: number; maxProbabilityDifference: number}> {
  const entry = registryEntry(id);
  if (entry.format !== "tflite") throw new Error(`${id} is not a TFLite model`);
  const fileId = `${entry.asset!.group}/${entry.asset!.modelJson}`;
  const bytes = new Uint8Array(await readAsset(fileId));
  const labels = (await readAssetText("coral-tflite/imagenet_labels.txt")).trim().split(/\r?\n/).map((l) => l.split(",")[0].trim());
  const ours = translateTflite(bytes);
  const ref = await loadReference(bytes);
  const pre = ours.summary.inputPreprocess;
  if (!pre || isPixelPreprocess(pre)) throw new Error("reference check: the TFLite model must have uint8 input (a linear input quantization)");
  const rows: PhotoCheck[] = [];
  try {
    for (const photo of photos) {
      const img = readImage(await resolveAsset(photo));
      const x = toModelInput(img.data, img.width, img.height, ours.inputSize);
      const pixels = Uint8Array.from(x.dataSync(), (v) => Math.round(v * 255));
      x.dispose();
      let t0 = performance.now();
      const out = ref.run(pixels);
      const msReference = performance.now() - t0;
      const pRef = out.raw.map((q) => q / 256); // output quantization: scale 1/256, zero point 0
      t0 = performance.now();
      const pOurs = tf.tidy(() => {
        const input = tf.add(tf.mul(tf.tensor4d(pixels, [1, ...ours.inputSize, 3], "float32"), pre.scale / 255), pre.offset);
        return (ours.model.predict(input) as tf.Tensor).dataSync() as Float32Array;
      });
      const msOurs = performance.now() - t0;
      let maxDiff = 0;
      for (let i = 0; i < pRef.length; i++) maxDiff = Math.max(maxDiff, Math.abs(pRef[i] - pOurs[i]));
      const a = argmax(pOurs), b = argmax(pRef);
      rows.push({photo, top1: labels[a], top1Index: a, referenceTop1: labels[b], referenceTop1Index: b, sameTop1: a === b, probability: pOurs[a], referenceProbability: pRef[b], maxProbabilityDifference: maxDiff, msOurs, msReference});
    }
  } finally {
    ref.dispose();
    ours.model.dispose();
  }
  return {
    model: id, file: fileId, photos: rows,
    agreement: rows.filter((r) => r.sameTop1).length / rows.length,
    maxProbabilityDifference: Math.max(...rows.map((r) => r.maxProbabilityDifference)),
  };
}
