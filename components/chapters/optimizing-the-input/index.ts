// The "optimizing the input" chapter's page API (src/optimizing-the-input.md and its embeds,
// src/embed/{adversarial,classvis,dream,directions}.md).
export {modelCache, type ChapterModel, type ChapterSample, type ModelCache} from "./shared.ts";
export {adversarialFigure} from "./adversarial.ts";
export {classVisFigure, type ClassVisFigure} from "./classvis.ts";
export {galleryGrid, gallerySentence, ownClassCount, type ClassVisGalleryData} from "./classvis-gallery.ts";
export {dreamFigure} from "./dream.ts";
export {directionsFigure} from "./directions.ts";
export {ADVERSARIAL_EMBED, CLASSVIS_EMBED, DIRECTIONS_EMBED, DREAM_EMBED} from "./embeds.ts";
export {transferStudyFigure, successCurve, transferTable, type TransferStudyData} from "./transfer-study.ts";
export {studySentence} from "../../attacks/study-facts.ts";
