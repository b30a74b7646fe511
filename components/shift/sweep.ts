// A shift sweep: every shifted view of one image through the network in ONE batched forward
// pass (chunked to bound memory), so 33 shifts of MobileNet cost one call, not 33.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {shiftRange, shiftedBatch, type ShiftSource} from "./protocols.ts";
import type {Sweep} from "./metrics.ts";

export interface ShiftSweep extends Sweep {
  shifts: number[];
  /** Seconds for the forward passes (not the image preparation). */
  seconds: number;
}

export interface SweepOptions {
  shifts?: number[];
  /** Images per forward pass. */
  chunk?: number;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** The probabilities at every shift of `source`. Leaves no tensors behind. */
export async function sweepShifts(model: ZooModel, source: ShiftSource, {shifts = shiftRange(source.geometry), chunk = 33}: SweepOptions = {}): Promise<ShiftSweep> {
  const [H, W] = source.geometry.canvas, px = H * W * 3;
  const batch = shiftedBatch(source, shifts);
  const probabilities: Float32Array[] = [];
  const t0 = now();
  for (let i = 0; i < shifts.length; i += chunk) {
    const n = Math.min(chunk, shifts.length - i);
    const p = tf.tidy(() => model.probabilities(tf.tensor4d(batch.subarray(i * px, (i + n) * px), [n, H, W, 3])));
    const data = (await p.data()) as Float32Array;
    p.dispose();
    const classes = data.length / n;
    for (let j = 0; j < n; j++) probabilities.push(data.slice(j * classes, (j + 1) * classes));
  }
  return {shifts, probabilities, seconds: (now() - t0) / 1000};
}

/**
 * Feature maps of one layer at the given shifts: [shifts][h][w] of channel `channel`, plus the
 * global mean of every channel (the "global sum" the 1-D demo follows).
 */
export async function featureMapsUnderShift(model: ZooModel, source: ShiftSource, layer: string, channel: number, shifts: number[]): Promise<{maps: Float32Array[]; height: number; width: number; channelMeans: Float32Array[]}> {
  const [H, W] = source.geometry.canvas;
  const x = tf.tensor4d(shiftedBatch(source, shifts), [shifts.length, H, W, 3]);
  try {
    const [a] = model.activations(x, [layer]);
    if (a.rank !== 4) {
      a.dispose();
      throw new Error(`layer ${layer} has no spatial feature maps (rank ${a.rank})`);
    }
    const [n, h, w, c] = a.shape as [number, number, number, number];
    if (channel < 0 || channel >= c) {
      a.dispose();
      throw new Error(`channel ${channel} out of range: ${layer} has ${c} channels`);
    }
    const [mapsT, meansT] = tf.tidy(() => [tf.slice(a, [0, 0, 0, channel], [n, h, w, 1]), tf.mean(a, [1, 2])]);
    a.dispose();
    const [md, cd] = await Promise.all([mapsT.data(), meansT.data()]);
    tf.dispose([mapsT, meansT]);
    return {
      maps: Array.from({length: n}, (_, i) => (md as Float32Array).slice(i * h * w, (i + 1) * h * w)),
      height: h,
      width: w,
      channelMeans: Array.from({length: n}, (_, i) => (cd as Float32Array).slice(i * c, (i + 1) * c)),
    };
  } finally {
    x.dispose();
  }
}
