// The shifts chapter's files, declared once for the chapter page and its embeds: the
// precomputed sweeps (one literal FileAttachment per file, so each data loader runs at build
// time) and the shift lab's networks (every packed network in the build, then the reader's own).
import {FileAttachment} from "observablehq:stdlib";
import {restoreUserModels, loadUserModel} from "../_bundle/cnn.js";
import {packedModels, loadPacked, pageBuildNote} from "./zoo-files.js";

export const sweepFiles = {
  "shapetex": FileAttachment("../data/shifts/shapetex.json"),
  "shapetex-blurpool": FileAttachment("../data/shifts/shapetex-blurpool.json"),
  "mobilenet-v1-0.25": FileAttachment("../data/shifts/mobilenet-v1-0.25.json"),
  "tiny-darknet": FileAttachment("../data/shifts/tiny-darknet.json"),
  "mobilenet-v2-1.0": FileAttachment("../data/shifts/mobilenet-v2-1.0.json"),
  "mobilenet-v1-0.25-128": FileAttachment("../data/shifts/mobilenet-v1-0.25-128.json"),
  "mobilenet-v1-0.75-192": FileAttachment("../data/shifts/mobilenet-v1-0.75-192.json"),
  "googlenet": FileAttachment("../data/shifts/googlenet.json"),
  "resnet-50": FileAttachment("../data/shifts/resnet-50.json"),
};

/** Every precomputed sweep record (a record with `missing` is a network this build has none for). */
export const sweepRecords = () => Promise.all(Object.values(sweepFiles).map((f) => f.json()));

/**
 * The lab's networks for models.json's entries: {models, dispose}. Each network is
 * built on first use on the current tfjs backend and kept until dispose(), which the page calls
 * on invalidation (a lost WebGL context rebuilds them on the next backend).
 */
export async function shiftLabModels(models) {
  const cache = new Map();
  const once = (id, build) => () => {
    if (!cache.has(id)) cache.set(id, build());
    return cache.get(id);
  };
  const list = models.filter((m) => m.available && m.id in packedModels).map((m) => ({
    id: m.id, name: m.name, fullyConvolutional: m.kind === "embedded", load: once(m.id, () => loadPacked(m.id, m.name)),
  }));
  // networks the reader added on ./models join the lab (not the precomputed tables)
  for (const r of await restoreUserModels()) {
    list.push({id: r.id, name: `${r.name} (yours)`, fullyConvolutional: false, load: once(r.id, () => loadUserModel(r.id))});
  }
  const dispose = async () => {
    const built = [...cache.values()];
    cache.clear();
    for (const p of built) (await p.catch(() => null))?.dispose();
  };
  return {models: list, dispose};
}

/** The page's one sentence on what this build lacks (networks, photos), as a list of 0 or 1 elements. */
export function missingNotes({models, photosNote}) {
  const note = pageBuildNote(models.filter((m) => m.id in packedModels), {photos: !photosNote});
  return note ? [note] : [];
}
