// The precomputed class-visualization gallery (see data/precompute/classvis-gallery.ts): the ImageNet
// network's classes and the papers' networks' few classes (committed; missing when this build
// lacks that network) and ShapeTex's six shapes.
import {PAPER_GALLERY_NETWORKS, galleryPartJson} from "../../../data/precompute/classvis-gallery.ts";

const papers = [];
for (const id of PAPER_GALLERY_NETWORKS) papers.push(await galleryPartJson(id));
process.stdout.write(JSON.stringify({imagenet: await galleryPartJson("imagenet"), shapetex: await galleryPartJson("shapetex"), papers}));
