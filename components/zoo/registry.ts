// The one list of zoo models, shared by pages, loaders and the lab CLI so that they agree on
// ids, names, inputs and where the weights come from.

import type {Preprocess} from "./preprocess.ts";

/** Model input from x01 (RGB in [0, 1]): linear `x01 * scale + offset`, or channel order + mean/std on 0..255 (see preprocess.ts). */
export type {Preprocess} from "./preprocess.ts";

/** "imagenet-background": 1001 outputs, index 0 "background", then the standard order (TF-slim); the background output is dropped. */
export type LabelOrder = "imagenet-standard" | "imagenet-darknet" | "imagenet-background" | "own";

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
  /**
   * How the weights are stored: a tfjs layers model (default), a .tflite flatbuffer read by
   * components/tflite/, or a Caffe deploy.prototxt + raw float32 tensors read by components/zoo/caffe/.
   */
  format?: "tfjs-layers" | "tflite" | "caffe";
  /** A rewrite of the layers model's topology on load (components/zoo/keras-resnet.ts). */
  topology?: "keras-resnet50";
  /** The site ships the weights uint8-quantized (components/zoo/quantize.ts); Node always uses float32. */
  shipQuantized?: boolean;
  /**
   * Kernels (by weight name) the site ships in uint16 per channel instead of uint8, chosen by
   * measurement (docs/models.md, data/precompute/quantization-sensitivity.ts).
   */
  shipWide?: RegExp;
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
  // TFLite MobileNets (uint8, quantization-aware trained), read and dequantized by components/tflite/;
  // their input quantization (scale 1/128, zero point 128) gives the preprocessing: 255 x / 128 - 1.
  {
    id: "mobilenet-v2-1.0", name: "MobileNet v2 1.0", kind: "imagenet", inputSize: [224, 224], format: "tflite",
    preprocess: {scale: 255 / 128, offset: -1}, labels: "imagenet-background",
    asset: {group: "coral-tflite", modelJson: "mobilenet_v2_1.0_224_quant.tflite"},
    description: "MobileNet v2, width 1.0, 224x224, ImageNet (Sandler et al. 2018); inverted residual blocks with linear bottlenecks; TFLite uint8 file dequantized to float.",
  },
  {
    id: "mobilenet-v1-0.75-192", name: "MobileNet v1 0.75 (192)", kind: "imagenet", inputSize: [192, 192], format: "tflite",
    preprocess: {scale: 255 / 128, offset: -1}, labels: "imagenet-background",
    asset: {group: "coral-tflite", modelJson: "mobilenet_v1_0.75_192_quant.tflite"},
    description: "MobileNet v1, width 0.75, 192x192, ImageNet (Howard et al. 2017); TFLite uint8 file dequantized to float.",
  },
  {
    id: "mobilenet-v1-0.25-128", name: "MobileNet v1 0.25 (128)", kind: "imagenet", inputSize: [128, 128], format: "tflite",
    preprocess: {scale: 255 / 128, offset: -1}, labels: "imagenet-background",
    asset: {group: "coral-tflite", modelJson: "mobilenet_v1_0.25_128_quant.tflite"},
    description: "MobileNet v1, width 0.25, 128x128, ImageNet (Howard et al. 2017); TFLite uint8 file dequantized to float.",
  },
  // The papers' own networks. Both were trained on BGR pixels on 0..255 with the mean image
  // colour subtracted (Caffe's convention, also Keras's "caffe" mode); means in B, G, R order.
  {
    id: "googlenet", name: "GoogLeNet", kind: "imagenet", inputSize: [224, 224], format: "caffe",
    preprocess: {channels: "bgr", mean: [104, 117, 123], std: [1, 1, 1]}, labels: "imagenet-standard",
    asset: {group: "googlenet", modelJson: "deploy.prototxt"}, shipQuantized: true,
    description: "GoogLeNet / Inception v1 (Szegedy et al. 2015), BVLC's Caffe weights; nine inception blocks, LRN, Caffe ceil-mode pooling. The network of Distill's Feature Visualization.",
  },
  {
    id: "resnet-50", name: "ResNet-50", kind: "imagenet", inputSize: [224, 224], topology: "keras-resnet50",
    preprocess: {channels: "bgr", mean: [103.939, 116.779, 123.68], std: [1, 1, 1]}, labels: "imagenet-standard",
    asset: {group: "resnet-50", modelJson: "model.json"}, shipQuantized: true,
    // the stages whose uint8 error moves the logits most per stored byte (3.5 M of 25.6 M weights)
    shipWide: /^(conv1\/|res2|res3|fc1000\/)/,
    description: "ResNet-50 (He et al. 2016), Keras applications weights; 16 bottleneck residual blocks with batch norm.",
  },
];

export const MODEL_IDS = REGISTRY.map((e) => e.id);

export function registryEntry(id: string): RegistryEntry {
  const entry = REGISTRY.find((e) => e.id === id);
  if (!entry) throw new Error(`unknown model "${id}" (valid: ${MODEL_IDS.join(", ")})`);
  return entry;
}
