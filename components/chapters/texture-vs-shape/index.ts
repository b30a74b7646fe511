// What the texture-vs-shape chapter's pages (src/texture-vs-shape.md and its embeds) import
// from the bundle (Geirhos et al. 2019).
export {shapeBiasChart, categoryBiasChart} from "./charts.ts";
export {cueConflictGallery} from "./gallery.ts";
export {modelsOnImages, transformsWidget} from "./live.ts";
export {trainingLab} from "./train.ts";
export * as textureChapter from "./figures.ts";
