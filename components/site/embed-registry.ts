// Every embeddable figure: its embed page (src/embed/<widget>.md), the URL parameters that
// make up its state, and the chapter it comes from. Chapter pages pass an entry to
// embedCodeControl; the tests open every embed listed here.
import type {EmbedSpec} from "./embed.ts";
import {FEATVIS_EMBEDS} from "./embeds/featvis.ts";
import {GRAM_EMBEDS} from "./embeds/gram.ts";
import {SHIFTS_EMBEDS} from "./embeds/shifts.ts";
import {TEXTURE_EMBEDS} from "./embeds/texture.ts";

export interface EmbedEntry extends EmbedSpec {
  /** The chapter page the figure belongs to ("/" for the home page). */
  chapter: {title: string; path: string};
}

const home = {title: "What a CNN Learns", path: "/"};

export const CLASSIFY_EMBED: EmbedEntry = {widget: "classify", title: "Classify an image", keys: ["model", "sample"], height: 620, chapter: home};

export const EMBEDS: readonly EmbedEntry[] = [CLASSIFY_EMBED, ...FEATVIS_EMBEDS, ...GRAM_EMBEDS, ...SHIFTS_EMBEDS, ...TEXTURE_EMBEDS];

export function embedEntry(widget: string): EmbedEntry {
  const e = EMBEDS.find((d) => d.widget === widget);
  if (!e) throw new Error(`no embeddable figure "${widget}" (known: ${EMBEDS.map((d) => d.widget).join(", ")})`);
  return e;
}
