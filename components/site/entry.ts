// Everything a page needs, as one module: data/site/bundle.ts turns this into
// src/_bundle/cnn.js, which pages import as `./_bundle/cnn.js`. Pages never import tfjs or
// components through Framework's npm resolution (see docs/TECH-NOTES.md).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-backend-webgpu"; // registers the backend; components/tf/browser.ts decides whether to use it

export {tf};
// site plumbing: backend, self-hosted assets, maths
export {configureSiteAssets, setupTf, tfBackend, useKatexStylesheet} from "./assets.ts";
// shareable state, embeds, and charts as tables (issue 7)
export {readParam, writeParam, onParamsChange, stateFor, isLocked, isHidden} from "./url-state.ts";
export {startEmbed, reportResult, embedCodeControl, embedFooter, embeddedWidget, iframeCode, embedUrl, MESSAGE_SOURCE, type EmbedSpec, type EmbedMessage} from "./embed.ts";
export {chartWithTable, dataTable} from "../ui/data-table.ts";
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
// the shifts chapter (Azulay & Weiss; Zhang's blur-pool)
export {samplingDemo} from "../ui/shift-sampling.ts";
export {shiftLab} from "../ui/shift-lab.ts";
export {shiftHeatmap} from "../ui/shift-heatmap.ts";
export {shiftMetricsTable} from "../ui/shift-metrics-table.ts";
// the texture-vs-shape chapter
export {shapeBiasChart, categoryBiasChart} from "../ui/texture-charts.ts";
export {cueConflictGallery} from "../ui/texture-gallery.ts";
export {modelsOnImages, transformsWidget} from "../ui/texture-live.ts";
export {trainingLab} from "../ui/texture-train.ts";
// the Gram-matrix chapter (texture synthesis, style transfer, feature inversion, cue conflicts)
export {gramHeatmap} from "../ui/gram-heatmap.ts";
export {textureLive, styleLive, invertLive, cueConflictLive, imageTensor as gramImageTensor} from "../ui/gram-live.ts";
export {gramLayers, DEFAULT_GRAM_MODEL} from "../gram/defaults.ts";
// bring your own model (every chapter's picker can list the reader's models) and model cards
export {byomPicker} from "../ui/byom-picker.ts";
export {restoreUserModels, userModelRecords, loadUserModel, isUserModelId, watchUserModels, onUserModelsChange, removeUserModel, type UserModelRecord} from "../zoo/user-models.ts";
export {EMBEDS, embedEntry, CLASSIFY_EMBED, type EmbedEntry} from "./embed-registry.ts";
export {describeChart} from "../ui/chart-a11y.ts";
export {samplingFigure, shiftLabFigure, blurpoolCompareFigure, jaggednessHeatmapFigure, blurpoolCompareTable} from "../ui/shift-figures.ts";
export {gramFigure, gramGallery, decodeGramImages, titleBySource, GRAM_FIGURES} from "../ui/gram-page.ts"; // Gram-chapter figures and embeds (issue 7)
export * as textureChapter from "../texture-bias/figures.ts"; // texture-vs-shape figures, embeds, data (issue 7)
export {featvisPicker, featvisTile, featvisLayerSheet, featvisHistogram, featvisLive, featvisChannels, featvisModels, atlasFromLayers, spokenEquation, FEATVIS_BROWSER_EMBED, FEATVIS_LIVE_EMBED, FEATVIS_CHANNELS_EMBED} from "./featvis-chapter.ts"; // feature-visualization figures and embeds (issue 7)
export {embedCatalogue, embedMessageLog} from "./embed-catalogue.ts"; // the "Embed in your course" page
