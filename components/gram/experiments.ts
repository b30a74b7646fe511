// The chapter's three optimisations, each a loss plus a starting image for optimizeImage:
//  - feature inversion: match one layer's activations, from noise, under natural-image priors
//    (Mahendran & Vedaldi, "Understanding Deep Image Representations by Inverting Them", CVPR 2015);
//  - texture synthesis: match the Gram matrices of several layers, from noise (Gatys, Ecker &
//    Bethge, NeurIPS 2015);
//  - style transfer: content of one image, Gram matrices of another (Gatys, Ecker & Bethge,
//    "Image Style Transfer Using Convolutional Neural Networks", CVPR 2016).
// Target features are computed once, kept for the run and disposed after it.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {gramMatrix} from "./gram.ts";
import {contentLoss, l2, styleLoss, totalVariation, type Loss} from "./losses.ts";
import {optimizeImage, type OptimizeOptions, type OptimizeResult} from "./optimize.ts";

type RunOptions = Omit<OptimizeOptions, "init" | "size">;

/** Gram matrices [1, c, c] of `layers` for one image [1, h, w, 3] in [0, 1]. */
export function targetGrams(model: ZooModel, image: tf.Tensor4D, layers: string[]): Map<string, tf.Tensor3D> {
  const grams = tf.tidy(() => model.activations(image, layers).map((a) => gramMatrix(a)));
  return new Map(layers.map((l, i) => [l, grams[i]]));
}

function disposeAll(ts: Iterable<tf.Tensor>): void {
  for (const t of ts) t.dispose();
}

/** Adds the priors that keep an optimised image natural: weight x TV, weight x distance from grey. */
function withPriors(loss: Loss, tv: number, norm: number): Loss {
  let l = loss;
  if (tv > 0) l = l.plus(totalVariation(tv));
  if (norm > 0) l = l.plus(l2(norm));
  return l;
}

/**
 * Texture defaults, measured on MobileNet (skimage brick, 128 px): a quiet start (noise of
 * spread 0.1 in logit space) and a little total variation, because the stride-2 first layer
 * cannot see pixel-level noise, so nothing else would remove it.
 */
export const TEXTURE_DEFAULTS = {tv: 0.02, noiseSd: 0.1, lr: 0.1} as const;

export interface TextureOptions extends RunOptions {
  /** Layers whose Gram matrices are matched. */
  layers: string[];
  /** Output side in pixels (a noise start of size x size). */
  size: number;
  tv?: number;
}

/** A new image with the Gram matrices of `source` at `layers`, grown from seeded noise. */
export async function synthesizeTexture(model: ZooModel, source: tf.Tensor4D, {layers, size, tv = TEXTURE_DEFAULTS.tv, noiseSd = TEXTURE_DEFAULTS.noiseSd, lr = TEXTURE_DEFAULTS.lr, ...run}: TextureOptions): Promise<OptimizeResult> {
  const targets = targetGrams(model, source, layers);
  try {
    return await optimizeImage(model, withPriors(styleLoss(targets), tv, 0), {...run, noiseSd, lr, init: "noise", size});
  } finally {
    disposeAll(targets.values());
  }
}

/** Page and lab defaults for style transfer (relative losses; see losses.ts). */
export const STYLE_DEFAULTS = {contentWeight: 1, styleWeight: 10, tv: 0.04, lr: 0.03} as const;

export interface StyleTransferOptions extends RunOptions {
  contentLayer: string;
  styleLayers: string[];
  contentWeight?: number;
  styleWeight?: number;
  tv?: number;
  /** Start from the content image (default; converges fastest) or from noise. */
  start?: "content" | "noise";
}

/** The content image [1, h, w, 3] repainted with the Gram matrices of `style` (any size). */
export async function styleTransfer(model: ZooModel, content: tf.Tensor4D, style: tf.Tensor4D, options: StyleTransferOptions): Promise<OptimizeResult> {
  const {contentLayer, styleLayers, contentWeight = STYLE_DEFAULTS.contentWeight, styleWeight = STYLE_DEFAULTS.styleWeight, tv = STYLE_DEFAULTS.tv, start = "content", ...run} = options;
  const grams = targetGrams(model, style, styleLayers);
  const target = tf.tidy(() => model.activations(content, [contentLayer])[0]);
  try {
    const loss = withPriors(contentLoss(contentLayer, target, contentWeight).plus(styleLoss(grams, styleWeight)), tv, 0);
    return await optimizeImage(model, loss, {...run, init: start === "content" ? content : "noise", size: [content.shape[1], content.shape[2]]});
  } finally {
    target.dispose();
    disposeAll(grams.values());
  }
}

export interface InversionOptions extends RunOptions {
  layer: string;
  tv?: number;
  norm?: number;
}

/** An image, grown from noise, whose activations at `layer` match those of `image`. */
export async function invertFeatures(model: ZooModel, image: tf.Tensor4D, {layer, tv = 0.02, norm = 0.01, ...run}: InversionOptions): Promise<OptimizeResult> {
  const target = tf.tidy(() => model.activations(image, [layer])[0]);
  try {
    return await optimizeImage(model, withPriors(contentLoss(layer, target), tv, norm), {...run, init: "noise", size: [image.shape[1], image.shape[2]]});
  } finally {
    target.dispose();
  }
}
