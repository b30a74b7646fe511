// Embeddable figures of the texture chapter (see components/site/embed-registry.ts).
import type {EmbedEntry} from "../embed-registry.ts";

export const TEXTURE_EMBEDS: EmbedEntry[] = [];
