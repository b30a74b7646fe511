// Embeddable figures of the gram chapter (see components/site/embed-registry.ts).
import type {EmbedEntry} from "../embed-registry.ts";

export const GRAM_EMBEDS: EmbedEntry[] = [];
