// BVLC GoogLeNet (Szegedy et al. 2015, Inception v1) as released with Caffe: where its raw
// tensors live, how they map onto our layout, and the names the papers use.
import * as tf from "@tensorflow/tfjs";
import {caffeLayers, weightShapes, type CaffeLayer, type CaffeWeights} from "./net.ts";
import type {CaffeNetSpec} from "./zoo.ts";

const BLOCKS = ["3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b"];

/** Caffe blob names -> the names of Szegedy et al. (block outputs without "/output"). */
export const GOOGLENET_RENAME: Record<string, string> = {
  ...Object.fromEntries(BLOCKS.map((b) => [`inception_${b}/output`, `inception_${b}`])),
  "pool5/7x7_s1": "pool5",
  "loss3/classifier": "logits",
};

export function googlenetSpec(prototxt: string): CaffeNetSpec {
  return {layers: caffeLayers(prototxt), rename: GOOGLENET_RENAME, logits: "logits"};
}

/**
 * The raw file of each weight (chaosmail/caffejs layout: weights/<layer>_filter.bin laid out
 * [out][kh][kw][in] for convolutions, [out][in] for InnerProduct; <layer>_bias.bin [out]).
 */
export function rawWeightFiles(layers: CaffeLayer[]): Array<{key: string; file: string}> {
  return Object.keys(weightShapes(layers)).map((key) => {
    const [layer, what] = [key.slice(0, key.lastIndexOf("/")), key.slice(key.lastIndexOf("/") + 1)];
    return {key, file: `weights/${layer}_${what}.bin`};
  });
}

/** Raw little-endian float32 bytes -> tensors in our layout ([kh, kw, in, out]; [in, out]). */
export function weightsFromRaw(layers: CaffeLayer[], read: (file: string) => Uint8Array): CaffeWeights {
  const shapes = weightShapes(layers);
  const out: CaffeWeights = {};
  for (const {key, file} of rawWeightFiles(layers)) {
    const bytes = read(file);
    const shape = shapes[key];
    const count = shape.reduce((a, b) => a * b, 1);
    if (bytes.byteLength !== count * 4) throw new Error(`googlenet: ${file} has ${bytes.byteLength} bytes, ${key} needs ${count * 4}`);
    const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    out[key] = tf.tidy(() => {
      if (shape.length === 4) {
        const [kh, kw, cin, cout] = shape;
        return tf.transpose(tf.tensor4d(values, [cout, kh, kw, cin]), [1, 2, 3, 0]);
      }
      if (shape.length === 2) return tf.transpose(tf.tensor2d(values, [shape[1], shape[0]]));
      return tf.tensor(values, shape);
    });
  }
  return out;
}
