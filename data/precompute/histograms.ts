// Activation statistics of every feature layer over a set of sample images: a histogram of
// all values, and each channel's mean (which channels this image set drives hardest).
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../../components/zoo/types.ts";
import {histogram, type HistogramSummary} from "../../components/stats/histogram.ts";
import {featureLayers} from "./feature-layers.ts";

export interface LayerHistogram extends HistogramSummary {
  layer: string;
  channelMeans: number[];
}

export interface HistogramSet {
  model: string;
  images: string[];
  layers: LayerHistogram[];
}

/** `images` are [n, h, w, 3] in [0, 1] at the model's input size. */
export function activationHistograms(model: ZooModel, images: tf.Tensor4D, names: string[], bins = 40): HistogramSet {
  const layers = featureLayers(model);
  const acts = tf.tidy(() => model.activations(images, layers.map((l) => l.name)));
  try {
    return {
      model: model.id,
      images: names,
      layers: layers.map((l, i) => {
        const a = acts[i];
        const summary = histogram(a.dataSync(), bins);
        const channelMeans = tf.tidy(() => Array.from(a.mean([0, 1, 2]).dataSync()));
        const round = (v: number) => +v.toPrecision(5);
        return {
          layer: l.name,
          ...summary,
          mean: round(summary.mean), max: round(summary.max), min: round(summary.min), fractionZero: round(summary.fractionZero),
          bins: summary.bins.map((b) => ({x0: round(b.x0), x1: round(b.x1), count: b.count})),
          channelMeans: channelMeans.map(round),
        };
      }),
    };
  } finally {
    tf.dispose(acts);
  }
}
