// Embeddable figures of the featvis chapter (see components/site/embed-registry.ts).
// Every figure follows the chapter's picker, so each embed's state starts with the network,
// layer (by name) and channel (by number): `model`, `layer`, `channel`.
import type {EmbedEntry} from "../../ui/embed-code.ts";

const chapter = {title: "Feature visualization", path: "/feature-visualization"};

/** The precomputed renders: tile and caption, the whole layer, the layer's activation histogram. */
export const FEATVIS_BROWSER_EMBED: EmbedEntry = {widget: "featvis-browser", title: "Browse a network's channels (precomputed feature visualizations)", keys: ["model", "layer", "channel"], height: 820, chapter};

/** The live render of the picked channel, with its knobs ("render.steps", "render.recipe", "render.transforms", "render.tv"). */
export const FEATVIS_LIVE_EMBED: EmbedEntry = {widget: "featvis-live", title: "Render a channel's feature visualization live", keys: ["model", "layer", "channel", "render."], height: 720, chapter};

/** Which channels of the picked layer fire on an image (`image`: a sample's id; uploads stay in the browser). */
export const FEATVIS_CHANNELS_EMBED: EmbedEntry = {widget: "featvis-channels", title: "Which channels fire on this image", keys: ["model", "layer", "channel", "image"], height: 800, chapter};

export const FEATVIS_EMBEDS: EmbedEntry[] = [FEATVIS_BROWSER_EMBED, FEATVIS_LIVE_EMBED, FEATVIS_CHANNELS_EMBED];
