// The "optimizing the input" chapter's inputs, declared once for its page and embeds: every
// network of this build (built on first use) and the sample images.
import {FileAttachment} from "observablehq:stdlib";
import {modelCache} from "../_bundle/cnn.js";
import {modelsIndex, packedLoaders, samplesIndex} from "./zoo-files.js";

export async function optimizeSources() {
  const [{models}, {samples, photosNote}] = await Promise.all([modelsIndex(), samplesIndex()]);
  const available = models.filter((m) => m.available);
  return {loaders: packedLoaders(available), samples, photosNote, leftOut: models.filter((m) => !m.available)};
}

/** One cache per page (per backend): dispose it when the page goes away. */
export const optimizeModels = (sources, setup) => {
  void setup; // a new backend needs new networks: callers pass the setup so the cell reruns
  return modelCache(sources.loaders);
};

/** The precomputed adversarial studies (data/precompute/transfer.ts): "imagenet" (needs the mirror at build time) and "shapetex". */
export async function transferStudies() {
  return {
    imagenet: await FileAttachment("../data/optimize/transfer-imagenet.json").json(),
    shapetex: await FileAttachment("../data/optimize/transfer-shapetex.json").json(),
  };
}

/** The precomputed class-visualization gallery (data/precompute/classvis-gallery.ts): {imagenet, shapetex}, each {model, renders} or {missing}. */
export const classVisGallery = () => FileAttachment("../data/optimize/classvis-gallery.json").json();
