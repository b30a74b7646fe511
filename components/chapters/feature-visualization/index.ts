// The feature-visualization chapter's page API (src/feature-visualization.md and its embeds,
// src/embed/featvis-*.md): one picker, and one call per figure that follows it.
export {featvisPicker, type FeatvisPicker, type FeatvisPick, type FeatvisModelOption} from "./picker.ts";
export {featvisTile, featvisLayerSheet, featvisHistogram} from "./browser.ts";
export {featvisLive} from "./live.ts";
export {featvisChannels} from "./channels.ts";
export {featvisModels, type FeatvisModels} from "./models.ts";
export {atlasFromLayers} from "../../featvis/atlas.ts";
export {FEATVIS_BROWSER_EMBED, FEATVIS_LIVE_EMBED, FEATVIS_CHANNELS_EMBED} from "./embeds.ts";
export * as featvis from "./building-blocks.ts"; // lucid-style building blocks, for pages that compose their own render
export {sparsity, sparsityClause} from "../../featvis/sparsity.ts"; // the zero fractions the page states
