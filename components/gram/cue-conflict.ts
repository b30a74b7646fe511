// A cue-conflict image: the shape (content) of one image painted with the texture (Gram
// matrices) of another. Geirhos et al. made their 1,280 stimuli this way, by style transfer
// of a shape image with a texture image (Geirhos et al., "ImageNet-trained CNNs are biased
// towards texture", ICLR 2019, Sec. 2 and Fig. 1 "cat with elephant skin"). They used the
// iterative style transfer of Gatys et al. (CVPR 2016) on VGG-19, as we do with our own
// networks; AdaIN (Huang & Belongie, ICCV 2017) made their Stylized-ImageNet, not these.
import type * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";
import {gramLayers} from "./defaults.ts";
import {styleTransfer, type StyleTransferOptions} from "./experiments.ts";
import type {OptimizeResult} from "./optimize.ts";

export type CueConflictOptions = Partial<StyleTransferOptions>;

/**
 * Defaults that keep the shape readable: start from the shape image, its content at the
 * model's content layer, a style weight strong enough to replace the surface texture.
 */
export const CUE_CONFLICT_DEFAULTS = {contentWeight: 1, styleWeight: 20, tv: 0.04, steps: 200, lr: 0.03} as const;

export function makeCueConflict(model: ZooModel, shapeImage: tf.Tensor4D, textureImage: tf.Tensor4D, options: CueConflictOptions = {}): Promise<OptimizeResult> {
  const layers = gramLayers(model);
  return styleTransfer(model, shapeImage, textureImage, {
    contentLayer: layers.content,
    styleLayers: layers.style,
    ...CUE_CONFLICT_DEFAULTS,
    start: "content",
    ...options,
  });
}
