// The precomputed class-visualization gallery (see data/precompute/classvis-gallery.ts): the ImageNet
// network's classes (committed; missing when this build lacks that network) and ShapeTex's six shapes.
import {galleryPartJson} from "../../../data/precompute/classvis-gallery.ts";

process.stdout.write(JSON.stringify({imagenet: await galleryPartJson("imagenet"), shapetex: await galleryPartJson("shapetex")}));
