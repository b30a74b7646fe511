// Embeddable figures of the texture chapter (see components/site/embed-registry.ts).
// Keys: "cat.model" (a network id or "all"), "category" (a shape category or "all"),
// "transforms.model|image|sigma", "train.agreement|randomization|jitter|crop|steps|seed".
import type {EmbedEntry} from "../../ui/embed-code.ts";

const chapter = {title: "Texture versus shape", path: "/texture-vs-shape"};

export const TEXTURE_CAT_EMBED: EmbedEntry = {widget: "texture-cat", title: "The cat with elephant skin, classified by ImageNet networks", keys: ["cat."], height: 820, chapter};
export const TEXTURE_GALLERY_EMBED: EmbedEntry = {widget: "texture-gallery", title: "Cue-conflict images and each network's decision", keys: ["category"], height: 720, chapter};
export const TEXTURE_SHAPE_BIAS_EMBED: EmbedEntry = {widget: "texture-shape-bias", title: "Shape bias: humans against networks", keys: [], height: 640, chapter};
export const TEXTURE_CATEGORY_BIAS_EMBED: EmbedEntry = {widget: "texture-category-bias", title: "Shape bias per category", keys: [], height: 640, chapter};
export const TEXTURE_TRANSFORMS_EMBED: EmbedEntry = {widget: "texture-transforms", title: "Grayscale, silhouette, edges and texture patch, classified", keys: ["transforms."], height: 900, chapter};
export const TEXTURE_TRAINING_EMBED: EmbedEntry = {widget: "texture-training", title: "Train a network whose shape bias you choose", keys: ["train."], height: 900, chapter};

export const TEXTURE_EMBEDS: EmbedEntry[] = [TEXTURE_CAT_EMBED, TEXTURE_GALLERY_EMBED, TEXTURE_SHAPE_BIAS_EMBED, TEXTURE_CATEGORY_BIAS_EMBED, TEXTURE_TRANSFORMS_EMBED, TEXTURE_TRAINING_EMBED];
