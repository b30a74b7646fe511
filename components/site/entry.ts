// Everything a page needs, as one module: data/site/bundle.ts turns this into
// src/_bundle/cnn.js, which pages import as `./_bundle/cnn.js`. Pages never import tfjs or
// components through Framework's npm resolution (see docs/TECH-NOTES.md).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export {tf};
// site plumbing: backend, self-hosted assets, maths
export {configureSiteAssets, setupTf, useKatexStylesheet} from "./assets.ts";
export {backendBadge, requestedBackend, type BackendName, type TfSetup} from "../tf/browser.ts";
export {tex} from "./tex.ts";
// the model zoo
export {loadPackedModel} from "../zoo/packed.ts";
export {readMissingModel} from "./missing-model.ts";
export {topK, topKOf} from "../zoo/topk.ts";
export type {ZooModel, LayerInfo, Prediction} from "../zoo/types.ts";
// feature visualization (lucid-style building blocks)
export * as featvis from "./featvis.ts";
// images and UI widgets
export {decodeImageFile, UploadError, type DecodedUpload, type RgbaImage} from "../image/decode-browser.ts";
export {imageUpload} from "../ui/upload.ts";
export {progressWidget} from "../ui/progress.ts";
export {classifyWidget, classifyImage, modelInputCanvas} from "./classify.ts";
export {channelBars} from "../ui/channel-bars.ts";
export {activationHistogram} from "../ui/activation-histogram.ts";
export {spriteTile} from "../ui/sprite.ts";
export {palette} from "../ui/palette.ts";
// the feature-visualization chapter's widgets
export {rangeInput, selectInput, checkboxInput} from "../ui/controls.ts";
export {liveRender} from "../ui/live-render.ts";
export {meanChannelActivations} from "../featvis/channel-activations.ts";
export {toModelInput} from "../image/prepare.ts";
