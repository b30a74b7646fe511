// The feature-visualization chapter's page API (src/feature-visualization.md and its embeds,
// src/embed/featvis-*.md): one picker, and one call per figure that follows it.
export {featvisPicker, type FeatvisPicker, type FeatvisPick, type FeatvisModelOption} from "./featvis-picker.ts";
export {featvisTile, featvisLayerSheet, featvisHistogram} from "./featvis-browser.ts";
export {featvisLive} from "./featvis-live.ts";
export {featvisChannels} from "./featvis-channels.ts";
export {featvisModels, type FeatvisModels} from "./featvis-models.ts";
export {atlasFromLayers} from "../featvis/atlas.ts";
export {FEATVIS_BROWSER_EMBED, FEATVIS_LIVE_EMBED, FEATVIS_CHANNELS_EMBED} from "./embeds/featvis.ts";
export {spokenEquation} from "./tex.ts";
