// Embeddable figures of the looking-back chapter (see components/site/embed-registry.ts); each
// figure's controls live under its prefix (docs/embedding.md lists keys and result messages).
import type {EmbedEntry} from "../../ui/embed-code.ts";

const chapter = {title: "Looking back from a neuron", path: "/looking-back"};

export const THREE_RULES_EMBED: EmbedEntry = {widget: "three-rules", title: "Three rules, one switch: backprop, deconvnet, guided backprop", keys: ["back."], height: 900, chapter};
export const OCCLUSION_EMBED: EmbedEntry = {widget: "occlusion", title: "Occlusion: where does covering the image hurt?", keys: ["occl."], height: 1000, chapter};
export const SANITY_EMBED: EmbedEntry = {widget: "sanity-check", title: "Sanity check: saliency maps while the weights are randomized", keys: ["sanity."], height: 1100, chapter};

export const INVARIANCE_EMBED: EmbedEntry = {widget: "invariance", title: "Invariance: features and P(class) as the image moves, zooms and turns", keys: ["inv."], height: 1000, chapter};
export const TOP_PATCHES_EMBED: EmbedEntry = {widget: "top-patches", title: "The nine strongest units of a channel and their reconstructions", keys: ["patches."], height: 900, chapter};

export const TRAINING_EMBED: EmbedEntry = {widget: "training-features", title: "Features during training: ShapeTex snapshots after epochs 1, 2, 5 and 10", keys: [], height: 1100, chapter};

export const LOOKING_BACK_EMBEDS: EmbedEntry[] = [THREE_RULES_EMBED, TOP_PATCHES_EMBED, TRAINING_EMBED, OCCLUSION_EMBED, INVARIANCE_EMBED, SANITY_EMBED];
