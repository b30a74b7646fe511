// The packed network files, declared once for every page and embed (one literal
// FileAttachment per file, so each data loader runs at build time), and the lazy loaders the
// widgets take.
import {FileAttachment} from "observablehq:stdlib";
import {downloadWithProgress, loadPackedModel, readMissingModel, buildNote, BUILD_NOTE_ANCHOR} from "../_bundle/cnn.js";

export const packedModels = {
  "shapetex": FileAttachment("../data/zoo/shapetex.bin"),
  "shapetex-blurpool": FileAttachment("../data/zoo/shapetex-blurpool.bin"),
  "mobilenet-v1-0.25": FileAttachment("../data/zoo/mobilenet-v1-0.25.bin"),
  "tiny-darknet": FileAttachment("../data/zoo/tiny-darknet.bin"),
  "mobilenet-v2-1.0": FileAttachment("../data/zoo/mobilenet-v2-1.0.bin"),
  "mobilenet-v1-0.75-192": FileAttachment("../data/zoo/mobilenet-v1-0.75-192.bin"),
  "mobilenet-v1-0.25-128": FileAttachment("../data/zoo/mobilenet-v1-0.25-128.bin"),
  "googlenet": FileAttachment("../data/zoo/googlenet.bin"),
  "resnet-50": FileAttachment("../data/zoo/resnet-50.bin"),
};

// each file is fetched once per page, whichever figure asks first; the download shows a progress bar
const bytesOf = new Map();
function packedBytes(id, name) {
  if (!bytesOf.has(id)) {
    const p = packedModels[id].url().then((url) => downloadWithProgress(url, name));
    p.catch(() => bytesOf.delete(id)); // a failed download may be retried
    bytesOf.set(id, p);
  }
  return bytesOf.get(id);
}

/** The URL of a network's packed file (null when this build declares none), for a worker to fetch it itself. */
export const packedUrl = (id) => (id in packedModels ? packedModels[id].url() : Promise.resolve(null));

export const modelsIndex = () => FileAttachment("../data/models.json").json();
export const samplesIndex = () => FileAttachment("../data/samples.json").json();

/** Build a packed model (on the page's current tfjs backend), or say that it is not in this build. */
export async function loadPacked(id, name) {
  name ??= (await modelsIndex()).models.find((m) => m.id === id)?.name ?? id; // the reader sees "GoogLeNet", not an id
  const bytes = await packedBytes(id, name);
  if (readMissingModel(bytes)) throw new Error(`${name} is not in this copy of the site.`);
  return loadPackedModel(bytes);
}

/** {id, name, load} for each model entry of models.json that has a packed file. */
export function packedLoaders(models) {
  return models.filter((m) => m.id in packedModels).map((m) => ({id: m.id, name: m.name, load: () => loadPacked(m.id, m.name)}));
}

/**
 * The page's one sentence saying what this build was made without (null when nothing it uses
 * is missing), linking to the model cards page's section on what a full build adds. `extra`:
 * {photos, stimuli} when the page shows them. In an embed, the link opens a new tab.
 */
export function pageBuildNote(models, extra = {}) {
  const href = new URL(`../../models.html#${BUILD_NOTE_ANCHOR}`, import.meta.url).href; // this module sits in /_import/_site/
  return buildNote({models, ...extra}, {href, newTab: /\/embed\//.test(location.pathname)});
}
