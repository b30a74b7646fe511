// The texture-vs-shape chapter's data files, declared once for the chapter page and its embed
// pages (src/embed/texture-*.md): one literal FileAttachment per file, so each data loader
// runs at build time. Each loader fetches only its own file (stimuli.json holds 86 thumbnails).
import {FileAttachment} from "observablehq:stdlib";
import {modelsIndex, packedLoaders} from "./zoo-files.js";

const evaluationFiles = [
  FileAttachment("../data/texture/evaluation-mobilenet-v1-0.25.json"),
  FileAttachment("../data/texture/evaluation-tiny-darknet.json"),
  FileAttachment("../data/texture/evaluation-mobilenet-v2-1.0.json"),
  FileAttachment("../data/texture/evaluation-mobilenet-v1-0.75-192.json"),
  FileAttachment("../data/texture/evaluation-mobilenet-v1-0.25-128.json"),
  FileAttachment("../data/texture/evaluation-googlenet.json"),
  FileAttachment("../data/texture/evaluation-resnet-50.json"),
];

/** Every ImageNet network's precomputed decisions on the Geirhos stimuli ({model, missing} when left out). */
export const loadEvaluations = () => Promise.all(evaluationFiles.map((f) => f.json()));
/** The paper's raw data summarised with our metric: humans and their three CNNs. */
export const loadPublished = () => FileAttachment("../data/texture/published.json").json();
/** The mirror's cue-conflict stimuli and the paper's example images, as thumbnails. */
export const loadStimuli = () => FileAttachment("../data/texture/stimuli.json").json();
/** The committed reference ShapeTex training runs. */
export const loadRuns = () => FileAttachment("../data/texture/runs.json").json();

/** {models, loaders}: models.json and a lazy loader for every packed network in this build. */
export async function loadNetworks() {
  const {models} = await modelsIndex();
  return {models, loaders: packedLoaders(models.filter((m) => m.available))};
}
