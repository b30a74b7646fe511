// How a network wants its pixels, as data of the registry entry (never code in a chapter).
// Two forms:
//   linear: input = x01 * scale + offset            (Keras MobileNet: scale 2, offset -1)
//   pixel:  input = (x255[channels] - mean) / std   (Caffe GoogLeNet, Keras ResNet-50: BGR, mean
//           subtracted on 0..255 pixels, std 1)
// x01 is the zoo's common image format, NHWC RGB in [0, 1].
import * as tf from "@tensorflow/tfjs";

export interface LinearPreprocess {
  scale: number;
  offset: number;
}

export interface PixelPreprocess {
  /** Channel order the network was trained on. */
  channels: "rgb" | "bgr";
  /** Per-channel mean on 0..255 pixels, in the network's channel order. */
  mean: [number, number, number];
  /** Per-channel divisor after the mean (1 for Caffe-style nets), in the network's channel order. */
  std: [number, number, number];
}

export type Preprocess = LinearPreprocess | PixelPreprocess;

export function isPixelPreprocess(p: Preprocess): p is PixelPreprocess {
  return "mean" in p;
}

/** Checks a preprocessing read from a file; one line naming what is wrong. */
export function checkPreprocess(p: unknown, where: string): Preprocess {
  const bad = (why: string): never => {
    throw new Error(`${where}: preprocess ${why}`);
  };
  if (!p || typeof p !== "object") return bad("is missing");
  const o = p as Record<string, unknown>;
  const finite = (v: unknown) => typeof v === "number" && Number.isFinite(v);
  const triple = (v: unknown) => Array.isArray(v) && v.length === 3 && v.every(finite);
  if ("mean" in o) {
    if (o.channels !== "rgb" && o.channels !== "bgr") bad(`channels must be "rgb" or "bgr" (got ${JSON.stringify(o.channels)})`);
    if (!triple(o.mean) || !triple(o.std)) bad("mean and std must be three finite numbers each");
    if ((o.std as number[]).some((s) => s === 0)) bad("std must not be 0");
    return {channels: o.channels as "rgb" | "bgr", mean: o.mean as [number, number, number], std: o.std as [number, number, number]};
  }
  if (!finite(o.scale) || !finite(o.offset)) bad("needs finite scale and offset (or channels, mean and std)");
  return {scale: o.scale as number, offset: o.offset as number};
}

/** Images x01 (NHWC RGB in [0, 1]) -> the network's input. Differentiable. */
export function applyPreprocess(p: Preprocess, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    if (!isPixelPreprocess(p)) return tf.add(tf.mul(x, p.scale), p.offset) as tf.Tensor4D;
    let px: tf.Tensor4D = tf.mul(x, 255);
    if (p.channels === "bgr") px = tf.reverse(px, -1);
    const mean = tf.tensor1d(p.mean);
    const out = tf.sub(px, mean);
    return (p.std.every((s) => s === 1) ? out : tf.div(out, tf.tensor1d(p.std))) as tf.Tensor4D;
  });
}
