// Everything a page needs, as one module: data/site/bundle.ts turns this into
// src/_bundle/cnn.js, which pages import as `./_bundle/cnn.js`. Pages never import tfjs or
// components through Framework's npm resolution (see ../shared/docs/TECH-NOTES.md).
// Grouped by layer: the site shell, foundations, generic widgets, then one line per chapter
// (each chapter's figures live in components/chapters/<chapter>/, its index.ts says what pages get).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-backend-webgpu"; // registers the backend; components/tf/browser.ts decides whether to use it

export {tf};
import "./test-hooks.ts"; // window.cnnDebug.memory(): the bundle's tf.memory(), for the memory tests

// the site shell: backend, self-hosted assets, embeds
export {configureSiteAssets, setupTf, tfBackend} from "./assets.ts";
export {startEmbed, embedFooter} from "./embed.ts";
export {EMBEDS, embedEntry, CLASSIFY_EMBED, type EmbedEntry} from "./embed-registry.ts";
export {embedCatalogue, embedMessageLog} from "./embed-catalogue.ts"; // the "Embed in your course" page
export {readMissingModel} from "./missing-model.ts";
export * as benchKit from "./bench-kit.ts"; // for data/bench/chromium.ts and test/e2e/backends-agree.test.ts only

// foundations: tfjs backends, the model zoo, images
export {backendBadge, requestedBackend, type BackendName, type TfSetup} from "../tf/browser.ts";
export {loadPackedModel} from "../zoo/packed.ts";
export {topK, topKOf} from "../zoo/topk.ts";
export type {ZooModel, LayerInfo, Prediction} from "../zoo/types.ts";
export {restoreUserModels, userModelRecords, loadUserModel, isUserModelId, watchUserModels, onUserModelsChange, removeUserModel, type UserModelRecord} from "../zoo/user-models.ts";
export {decodeImageFile, UploadError, type DecodedUpload, type RgbaImage} from "../image/decode-browser.ts";
export {toModelInput} from "../image/prepare.ts";
export {meanChannelActivations} from "../featvis/channel-activations.ts";

// generic widgets: URL state, result messages, embed code, controls, charts, maths
export {readParam, writeParam, onParamsChange, stateFor, isLocked, isHidden} from "../ui/url-state.ts";
export {reportResult, embeddedWidget, MESSAGE_SOURCE, type EmbedMessage} from "../ui/embed-messages.ts";
export {embedCodeControl, iframeCode, embedUrl, type EmbedSpec} from "../ui/embed-code.ts";
export {tex, spokenEquation, useKatexStylesheet} from "../ui/tex.ts";
export {rangeInput, selectInput, checkboxInput} from "../ui/controls.ts";
export {chartWithTable, dataTable} from "../ui/data-table.ts";
export {describeChart} from "../ui/chart-a11y.ts";
export {imageUpload} from "../ui/upload.ts";
export {progressWidget} from "../ui/progress.ts";
export {downloadWithProgress} from "../ui/download.ts";
export {classifyWidget, classifyImage, modelInputCanvas} from "../ui/classify.ts";
export {channelBars} from "../ui/channel-bars.ts";
export {activationHistogram} from "../ui/activation-histogram.ts";
export {spriteTile} from "../ui/sprite.ts";
export {palette} from "../ui/palette.ts";
export {liveRender} from "../ui/live-render.ts";
export {byomPicker} from "../ui/byom-picker.ts";
export {speedButton} from "../ui/speed-button.ts";
export {buildNote, buildNoteText, BUILD_NOTE_ANCHOR, type BuildContents} from "../ui/build-note.ts";
export {defaultImageNetModel, defaultImageNetModelOf} from "../zoo/defaults.ts";

// the chapters, one folder each
export * from "../chapters/feature-visualization/index.ts";
export * from "../chapters/gram-and-style/index.ts";
export * from "../chapters/shifts/index.ts";
export * from "../chapters/texture-vs-shape/index.ts";
export * from "../chapters/looking-back/index.ts";
export * from "../chapters/optimizing-the-input/index.ts";
