// The images the activation statistics are computed over: photos from the mirror for the
// ImageNet networks, seeded ShapeTex test images for ours.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../../components/zoo/types.ts";
import {makeShapeTexBatch, SHAPES} from "../../components/datasets/shapetex.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {readAsset} from "../assets/resolve.ts";
import {decodeImage} from "../node/image-io.ts";
import {PHOTOS} from "../site/samples.ts";

/** Seed of the ShapeTex images shown as "samples"; disjoint from training seeds. */
export const SAMPLE_SEED = 9001;

export interface SampleBatch {
  images: tf.Tensor4D;
  names: string[];
}

export async function sampleImages(model: ZooModel, count = 48): Promise<SampleBatch> {
  const [h, w] = model.inputSize;
  if (registryEntry(model.id).kind === "embedded") {
    const batch = makeShapeTexBatch(SAMPLE_SEED, count, {size: h});
    return {
      images: tf.tensor4d(batch.images, [count, h, w, 3]),
      names: Array.from(batch.shapes, (s, i) => `shapetex #${i} (${SHAPES[s]})`),
    };
  }
  const tensors: tf.Tensor4D[] = [], names: string[] = [];
  for (const [id, title] of PHOTOS) {
    const img = decodeImage(new Uint8Array(await readAsset(id)), id);
    tensors.push(toModelInput(img.data, img.width, img.height, [h, w]));
    names.push(title);
  }
  const images = tf.concat(tensors) as tf.Tensor4D;
  tf.dispose(tensors);
  return {images, names};
}
