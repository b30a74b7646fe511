// Embeddable figures of the featvis chapter (see components/site/embed-registry.ts).
import type {EmbedEntry} from "../embed-registry.ts";

export const FEATVIS_EMBEDS: EmbedEntry[] = [];
