// What the Gram chapter's pages (src/gram-and-style.md and its embeds) import from the bundle.
export {gramFigure, decodeGramImages, titleBySource, GRAM_FIGURES, type GramFigureName} from "./gram-figure.ts";
export {gramGallery, type GalleryPart, type GramGalleryData} from "./gram-gallery.ts";

