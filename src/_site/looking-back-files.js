// The looking-back chapter's networks and images, declared once for the chapter page and its
// embeds: every packed network of this build (ShapeTex always; the ImageNet ones when the build
// had the mirror), the sample images, and loaders that also open a network's LayersModel (the
// sanity check redraws its weights).
import {FileAttachment} from "observablehq:stdlib";
import {loadPackedWithLayers, readMissingModel} from "../_bundle/cnn.js";
import {modelsIndex, packedLoaders, packedModels, samplesIndex, pageBuildNote} from "./zoo-files.js";

export async function lookingBackSources() {
  const [{models}, {samples, photosNote}] = await Promise.all([modelsIndex(), samplesIndex()]);
  const available = models.filter((m) => m.available && m.id in packedModels);
  const withLayers = available.map((m) => ({id: m.id, name: m.name, load: async () => {
    const bytes = await packedModels[m.id].arrayBuffer();
    if (readMissingModel(bytes)) throw new Error(`${m.name} is not in this copy of the site.`);
    return loadPackedWithLayers(bytes);
  }}));
  return {models: packedLoaders(available), withLayers, samples, leftOut: models.filter((m) => !m.available).map((m) => m.name),
    // the page's one sentence on what this build lacks (components/ui/build-note.ts), or null
    note: pageBuildNote(models.filter((m) => m.id in packedModels), {photos: !photosNote})};
}

// One ShapeTex training run's snapshots (models/shapetex-snapshots/, npm run train -- --snapshots).
const snapshotFiles = {
  1: FileAttachment("../data/snapshots/epoch-1.bin"),
  2: FileAttachment("../data/snapshots/epoch-2.bin"),
  5: FileAttachment("../data/snapshots/epoch-5.bin"),
  10: FileAttachment("../data/snapshots/epoch-10.bin"),
};

export function trainingSnapshots() {
  return Object.entries(snapshotFiles).map(([epoch, file]) => ({epoch: Number(epoch), load: async () => loadPackedWithLayers(await file.arrayBuffer())}));
}

// The top-activations figure precomputed for the ShapeTex networks (data/precompute/top-patches.ts),
// each fetched once, when the figure first shows it. The pages that show the figure call
// prefetchTopPatches() in their first cell, so the default network's file arrives while the other
// figures compute; the chapter's other embeds never fetch it.
const topPatchFiles = {
  "shapetex": FileAttachment("../data/looking-back/top-patches-shapetex.json"),
  "shapetex-blurpool": FileAttachment("../data/looking-back/top-patches-shapetex-blurpool.json"),
};
const topPatchData = new Map();
const topPatchesOf = (id) => {
  if (!topPatchData.has(id)) topPatchData.set(id, topPatchFiles[id].json());
  return topPatchData.get(id);
};
export const prefetchTopPatches = () => void topPatchesOf("shapetex").catch(() => {}); // the figure reports a failed load when it asks

export const precomputedTopPatches = Object.fromEntries(Object.keys(topPatchFiles).map((id) => [id, () => topPatchesOf(id)]));
