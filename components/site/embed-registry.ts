// Every embeddable figure: its embed page (src/embed/<widget>.md), the URL parameters that
// make up its state, and the chapter it comes from. Chapter pages pass an entry to
// embedCodeControl; the tests open every embed listed here.
import type {EmbedEntry} from "../ui/embed-code.ts";
import {FEATVIS_EMBEDS} from "../chapters/feature-visualization/embeds.ts";
import {GRAM_EMBEDS} from "../chapters/gram-and-style/embeds.ts";
import {SHIFTS_EMBEDS} from "../chapters/shifts/embeds.ts";
import {TEXTURE_EMBEDS} from "../chapters/texture-vs-shape/embeds.ts";
import {LOOKING_BACK_EMBEDS} from "../chapters/looking-back/embeds.ts";

export type {EmbedEntry};

const home = {title: "What a CNN Learns", path: "/"};

export const CLASSIFY_EMBED: EmbedEntry = {widget: "classify", title: "Classify an image", keys: ["model", "sample"], height: 620, chapter: home};

export const EMBEDS: readonly EmbedEntry[] = [CLASSIFY_EMBED, ...FEATVIS_EMBEDS, ...GRAM_EMBEDS, ...SHIFTS_EMBEDS, ...TEXTURE_EMBEDS, ...LOOKING_BACK_EMBEDS];

export function embedEntry(widget: string): EmbedEntry {
  const e = EMBEDS.find((d) => d.widget === widget);
  if (!e) throw new Error(`no embeddable figure "${widget}" (known: ${EMBEDS.map((d) => d.widget).join(", ")})`);
  return e;
}
