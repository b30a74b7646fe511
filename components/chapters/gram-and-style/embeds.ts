// Embeddable figures of the gram chapter (see components/site/embed-registry.ts). Every figure
// depends on the page's network picker ("model"); the shuffle figure's pickers are page-level
// keys ("image", "layer"), the optimisations' controls sit under their own prefix. Heights:
// the content after a run at 700 px wide (the embed also posts its height as it changes).
import type {EmbedEntry} from "../../ui/embed-code.ts";

const chapter = {title: "Gram matrices and style", path: "/gram-and-style"};

export const GRAM_SHUFFLE_EMBED: EmbedEntry = {widget: "gram-shuffle", title: "A Gram matrix ignores position: shuffled patches", keys: ["model", "image", "layer"], height: 900, chapter};
export const FEATURE_INVERSION_EMBED: EmbedEntry = {widget: "feature-inversion", title: "Feature inversion", keys: ["model", "invert."], height: 680, chapter};
export const TEXTURE_SYNTHESIS_EMBED: EmbedEntry = {widget: "texture-synthesis", title: "Texture synthesis from Gram matrices", keys: ["model", "texture."], height: 940, chapter};
export const STYLE_TRANSFER_EMBED: EmbedEntry = {widget: "style-transfer", title: "Neural style transfer", keys: ["model", "style."], height: 1060, chapter};
export const CUE_CONFLICT_EMBED: EmbedEntry = {widget: "cue-conflict-maker", title: "Cue-conflict maker: shape of one image, texture of another", keys: ["model", "cue."], height: 640, chapter};

export const GRAM_EMBEDS: EmbedEntry[] = [GRAM_SHUFFLE_EMBED, FEATURE_INVERSION_EMBED, TEXTURE_SYNTHESIS_EMBED, STYLE_TRANSFER_EMBED, CUE_CONFLICT_EMBED];
