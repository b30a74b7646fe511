// One render of the precomputed class-visualization gallery as it is stored
// (data/precompute/classvis-gallery.ts writes it, the chapter's gallery figure reads it): the
// live render's result, with its image as a data URL and the class named in both orders.
import type {ClassVisResult} from "./classvis.ts";

export type GalleryRender = Omit<ClassVisResult, "image" | "classIndex" | "cancelled"> & {
  /** The Geirhos category (or "dumbbell"; ShapeTex: the shape). */
  category: string;
  /** The class in the network's own order, and in the standard ImageNet order (ImageNet only). */
  class: number;
  standardIndex?: number;
  /** data:image/(jpeg|png);base64 of the render as stored. */
  image: string;
  width: number;
  height: number;
};
