// What the Gram chapter's pages (src/gram-and-style.md and its embeds) import from the bundle.
export {gramFigure, decodeGramImages, titleBySource, GRAM_FIGURES, type GramFigureName} from "./figure.ts";
export {gramGallery, type GalleryPart, type GramGalleryData} from "./gallery.ts";
export {gramHeatmap} from "./heatmap.ts";
export {textureLive, styleLive, invertLive, cueConflictLive, imageTensor as gramImageTensor} from "./live.ts";
export {gramLayers, DEFAULT_GRAM_MODEL} from "../../gram/defaults.ts";
export {costRelativeText, bestJudgedText} from "../../gram/comparison.ts"; // "each step costs …×" and "… ranked best", from the measured comparison
