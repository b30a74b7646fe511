// The feature-visualization chapter's files, declared once for the chapter page and its embeds
// (one literal FileAttachment per file, so each data loader runs at build time): the
// precomputed render atlases and activation histograms, and what the picker needs from them.
import {FileAttachment} from "observablehq:stdlib";
import {atlasFromLayers, defaultImageNetModel, featvisModels, isUserModelId, loadUserModel, restoreUserModels} from "../_bundle/cnn.js";
import {loadPacked, packedUrl, modelsIndex, samplesIndex, pageBuildNote} from "./zoo-files.js";

// Only the networks rendered ahead of time; the others are browsed by their layers.
const renders = {
  "shapetex": FileAttachment("../data/renders/shapetex.json"),
  "shapetex-blurpool": FileAttachment("../data/renders/shapetex-blurpool.json"),
  "mobilenet-v1-0.25": FileAttachment("../data/renders/mobilenet-v1-0.25.json"),
  "tiny-darknet": FileAttachment("../data/renders/tiny-darknet.json"),
  "googlenet": FileAttachment("../data/renders/googlenet.json"),
  "resnet-50": FileAttachment("../data/renders/resnet-50.json"),
};

const histograms = {
  "shapetex": FileAttachment("../data/histograms/shapetex.json"),
  "shapetex-blurpool": FileAttachment("../data/histograms/shapetex-blurpool.json"),
  "mobilenet-v1-0.25": FileAttachment("../data/histograms/mobilenet-v1-0.25.json"),
  "tiny-darknet": FileAttachment("../data/histograms/tiny-darknet.json"),
};

const parsed = new Map();
const json = (file) => {
  if (!parsed.has(file)) parsed.set(file, file.json());
  return parsed.get(file);
};

/** A reader's own model: its layers (read once, then the model is let go). */
async function userModelLayers(id) {
  const model = await loadUserModel(id);
  try {
    return model.layers;
  } finally {
    model.dispose();
  }
}

/**
 * Everything the chapter's picker and figures read: the networks (this build's, then the
 * reader's own), the page's note on what this build lacks, the sample images, the atlas of a network (its
 * precomputed renders, or its layers) and its activation histograms (or null).
 */
export async function featvisSources() {
  const [{models}, {samples, photosNote}, yours] = await Promise.all([modelsIndex(), samplesIndex(), restoreUserModels()]);
  const available = models.filter((m) => m.available);
  // a renders file may say it holds none (not precomputed): then the network is browsed by its layers
  const rendered = async (id) => {
    if (!(id in renders)) return null;
    const atlas = await json(renders[id]);
    return atlas.missing || !atlas.layers?.length ? null : atlas;
  };
  // the chapter opens on GoogLeNet (Olah et al.'s network) when its renders are in this build,
  // else on ResNet-50's, else on the first network (ShapeTex)
  const renderedIds = [];
  for (const m of available) if (m.id in renders && (await rendered(m.id)) !== null) renderedIds.push(m.id);
  return {
    defaultModel: defaultImageNetModel(renderedIds),
    models: [...available.map((m) => ({id: m.id, name: m.name})), ...yours.map((r) => ({id: r.id, name: `${r.name} (yours)`}))],
    note: pageBuildNote(models, {photos: !photosNote}),
    samples,
    atlasFor: async (id) => {
      const atlas = await rendered(id);
      if (atlas) return atlas;
      const layers = isUserModelId(id) ? await userModelLayers(id) : models.find((m) => m.id === id)?.layers ?? [];
      return atlasFromLayers(id, layers);
    },
    histogramsFor: async (id) => (id in histograms ? json(histograms[id]) : null),
  };
}

/** The networks built on this setup's backend, loaded when a figure first needs one. */
export function featvisModelCache(setup) {
  void setup; // a new backend (WebGL context lost) needs a new cache: callers pass the setup
  // a shipped network's file URL lets the live render load it in a Web Worker itself
  return featvisModels((id) => (isUserModelId(id) ? loadUserModel(id) : loadPacked(id)), (id) => (isUserModelId(id) ? Promise.resolve(null) : packedUrl(id)));
}
