// Embeddable figures of the shifts chapter (see components/site/embed-registry.ts).
import type {EmbedEntry} from "../embed-registry.ts";

export const SHIFTS_EMBEDS: EmbedEntry[] = [];
