// Which layers each network uses for style (Gram matrices) and content, chosen by measurement
// (see the chapter "Gram matrices and style" and .notes/gram.md): Gatys et al. match Gram
// matrices from the first layer of each VGG-19 block (conv1_1 ... conv5_1) and content at
// conv4_2; our networks are smaller and shallower, so the same idea lands on fewer layers.
import type {LayerInfo, ZooModel} from "../zoo/types.ts";

export interface GramLayers {
  /** Layers whose Gram matrices define style / texture, shallow to deep. */
  style: string[];
  /** The layer whose activations define content (style transfer, cue conflicts). */
  content: string;
  /** Layers to invert, one reconstruction each, shallow to deep. */
  invert: string[];
}

export const GRAM_LAYERS: Readonly<Record<string, GramLayers>> = {
  "mobilenet-v1-0.25": {
    // measured on skimage brick, 128 px, 150 steps: up to conv_pw_3 gives only grain, adding
    // conv_pw_5 and conv_pw_7 gives brick-like cells; conv_pw_11 adds little at half the speed
    style: ["conv1_relu", "conv_pw_1_relu", "conv_pw_3_relu", "conv_pw_5_relu", "conv_pw_7_relu"],
    content: "conv_pw_5_relu",
    invert: ["conv1_relu", "conv_pw_3_relu", "conv_pw_5_relu", "conv_pw_11_relu", "conv_pw_13_relu"],
  },
  "tiny-darknet": {
    style: ["leaky_re_lu_1", "leaky_re_lu_2", "leaky_re_lu_4", "leaky_re_lu_8"],
    content: "leaky_re_lu_8",
    invert: ["leaky_re_lu_1", "leaky_re_lu_2", "leaky_re_lu_6", "leaky_re_lu_10", "leaky_re_lu_14"],
  },
  // The papers' networks: one layer per resolution, as Gatys et al. take the first layer of
  // each VGG block (not yet tuned by measurement as the two above were).
  "googlenet": {
    style: ["conv1/7x7_s2", "conv2/3x3", "inception_3a", "inception_3b", "inception_4a"],
    content: "inception_4a",
    invert: ["conv1/7x7_s2", "conv2/3x3", "inception_3b", "inception_4c", "inception_5b"],
  },
  "resnet-50": {
    style: ["activation", "res2a", "res2c", "res3a", "res3d"],
    content: "res3d",
    invert: ["activation", "res2c", "res3d", "res4f", "res5c"],
  },
  "shapetex": {style: ["conv1_1", "conv2_1", "conv3_1"], content: "conv2_2", invert: ["conv1_2", "conv2_2", "conv3_2"]},
  "shapetex-blurpool": {style: ["conv1_1", "conv2_1", "conv3_1"], content: "conv2_2", invert: ["conv1_2", "conv2_2", "conv3_2"]},
};

/** Layers with a spatial feature map (rank-3 shape) after a non-linearity or a conv with one built in. */
export function spatialLayers(model: ZooModel): LayerInfo[] {
  const maps = model.layers.filter((l) => l.shape.length === 3);
  const acts = maps.filter((l) => l.kind === "activation");
  return acts.length ? acts : maps.filter((l) => l.kind === "conv");
}

/** `n` items spread evenly from the first to the last. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items.slice();
  return Array.from({length: n}, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]);
}

/** The table's choice for a known model; for any other, evenly spaced spatial layers. */
export function gramLayers(model: ZooModel): GramLayers {
  const known = GRAM_LAYERS[model.id];
  const names = new Set(model.layers.map((l) => l.name));
  if (known && [...known.style, known.content, ...known.invert].every((n) => names.has(n))) return known;
  const spatial = spatialLayers(model);
  if (!spatial.length) throw new Error(`${model.id} has no spatial feature maps to take Gram matrices of`);
  const early = spatial.filter((l) => l.shape[0] * 8 >= model.inputSize[0]); // keep maps at least 1/8 of the input
  const style = spread(early.length ? early : spatial, 4).map((l) => l.name);
  return {style, content: style[style.length - 1], invert: spread(spatial, 5).map((l) => l.name)};
}

/** The network this chapter uses unless told otherwise (see the comparison in .notes/gram.md). */
export const DEFAULT_GRAM_MODEL = "mobilenet-v1-0.25";

/** Inversion priors: weight of total variation and of the distance from grey, and Adam's step. */
export const INVERSION_DEFAULTS = {tv: 0.02, norm: 0.01, lr: 0.05} as const;
