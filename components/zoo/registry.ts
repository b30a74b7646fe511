// The one list of zoo models, shared by pages, loaders and the lab CLI so that they agree on
// ids, names, inputs and where the weights come from.

/** Model input = x01 * scale + offset, per pixel and channel (x01 is RGB in [0, 1]). */
export interface Preprocess {
  scale: number;
  offset: number;
}

export type LabelOrder = "imagenet-standard" | "imagenet-darknet" | "own";

export interface RegistryEntry {
  id: string;
  name: string;
  /** embedded: trained by this project, files in models/<id>/; imagenet: pretrained, from the asset mirror. */
  kind: "embedded" | "imagenet";
  /** Fixed for imagenet models; embedded models carry theirs in models/<id>/meta.json. */
  inputSize?: [number, number];
  preprocess?: Preprocess;
  /** The class order of the outputs; "own" = labels in the model's meta.json. */
  labels: LabelOrder;
  /** Asset group (data/assets/manifest.json) and model json inside it, for imagenet models. */
  asset?: {group: string; modelJson: string};
  description: string;
}

export const REGISTRY: readonly RegistryEntry[] = [
  {
    id: "shapetex", name: "ShapeTex CNN", kind: "embedded", labels: "own",
    description: "Small CNN trained by this project on procedural shapes filled with textures.",
  },
  {
    id: "shapetex-blurpool", name: "ShapeTex CNN (blur-pool)", kind: "embedded", labels: "own",
    description: "The same CNN with anti-aliased (blur-pool) downsampling (Zhang 2019).",
  },
  {
    id: "mobilenet-v1-0.25", name: "MobileNet v1 0.25", kind: "imagenet", inputSize: [224, 224],
    // Keras MobileNet expects x/127.5 - 1 on 0..255 pixels, i.e. 2 * x01 - 1.
    preprocess: {scale: 2, offset: -1}, labels: "imagenet-standard",
    asset: {group: "mobilenet-v1-0.25", modelJson: "mobilenet_model.json"},
    description: "MobileNet v1, width multiplier 0.25, ImageNet (Howard et al. 2017); depthwise-separable convolutions, ReLU6.",
  },
  {
    id: "tiny-darknet", name: "Tiny Darknet", kind: "imagenet", inputSize: [224, 224],
    preprocess: {scale: 1, offset: 0}, labels: "imagenet-darknet",
    asset: {group: "tiny-darknet", modelJson: "model.json"},
    description: "Tiny Darknet (Redmon), ImageNet; SqueezeNet-like 1x1/3x3 convs, leaky ReLU, max pooling; outputs in darknet class order.",
  },
];

export const MODEL_IDS = REGISTRY.map((e) => e.id);

export function registryEntry(id: string): RegistryEntry {
  const entry = REGISTRY.find((e) => e.id === id);
  if (!entry) throw new Error(`unknown model "${id}" (valid: ${MODEL_IDS.join(", ")})`);
  return entry;
}
