// The Gram chapter's data files and network picker, declared once for the chapter page and
// its embed pages (src/embed/gram-shuffle.md, feature-inversion.md, texture-synthesis.md,
// style-transfer.md, cue-conflict-maker.md).
import {FileAttachment} from "observablehq:stdlib";
import {selectInput, restoreUserModels, isUserModelId, loadUserModel, decodeGramImages, gramFigure, embedCodeControl, embedEntry, embedFooter, embeddedWidget, DEFAULT_GRAM_MODEL, defaultImageNetModel} from "../_bundle/cnn.js";
import {loadPacked, modelsIndex, pageBuildNote} from "./zoo-files.js";

/** The packed networks this chapter offers (the MobileNet v2 variants are left out; GoogLeNet and ResNet-50 are slow but the papers' own kind). */
const GRAM_NETWORKS = ["shapetex", "mobilenet-v1-0.25", "tiny-darknet", "googlenet", "resnet-50"];

export const gramGalleryData = () => FileAttachment("../data/gram/gallery.json").json();

/** {images: decoded, with short URL ids, note: a truthy line when photos are missing, else null}. */
export async function gramImages() {
  const {images, note} = await FileAttachment("../data/gram/images.json").json();
  return {images: await decodeGramImages(images), note};
}

/**
 * The "Network" picker (URL key "model"): this chapter's packed networks, then the reader's own;
 * it opens on MobileNet v1 0.25, else GoogLeNet, else ResNet-50 (a registry-only build), else the first.
 */
export async function gramNetworkPicker() {
  const {models} = await modelsIndex();
  const usable = models.filter((m) => m.available && GRAM_NETWORKS.includes(m.id));
  const yours = (await restoreUserModels()).map((r) => ({value: r.id, text: `${r.name} (yours)`})); // added on ./models
  const options = [...usable.map((m) => ({value: m.id, text: m.name})), ...yours];
  return selectInput({label: "Network", options, value: defaultImageNetModel(usable.map((m) => m.id), DEFAULT_GRAM_MODEL) ?? options[0]?.value, param: "model"});
}

/** Build the picked network on the current tfjs backend (the caller disposes it). */
export function loadGramNetwork(id) {
  return isUserModelId(id) ? loadUserModel(id) : loadPacked(id);
}

/**
 * One of the chapter's figures (components/chapters/gram-and-style/figure.ts) for this network, stopped when
 * its cell is invalidated, after its first result: on the chapter page with its "Embed or
 * share this figure" control, on an embed page with the footer that links back.
 */
export async function gramFigureBlock(name, {model, images}, invalidation) {
  const figure = gramFigure(name, {model, images});
  invalidation.then(() => figure.abort());
  await figure.ready;
  const spec = embedEntry(name);
  const block = document.createDocumentFragment();
  block.append(figure, embeddedWidget() === name ? embedFooter(spec.chapter) : embedCodeControl(spec));
  return block;
}

/** The chapter's one sentence on what this build lacks (its networks, its photos), or null. */
export async function gramBuildNote() {
  const [{models}, {note}] = await Promise.all([modelsIndex(), FileAttachment("../data/gram/images.json").json()]);
  return pageBuildNote(models.filter((m) => GRAM_NETWORKS.includes(m.id)), {photos: !note});
}
