// Embeddable figures of the shifts chapter (see components/site/embed-registry.ts). Every
// control of a figure lives under its prefix ("sampling.", "lab.", "compare.") or its one key
// ("heatmap"); .notes/readme-shifts.md lists them with the result each figure reports.
import type {EmbedEntry} from "../../ui/embed-code.ts";

const chapter = {title: "Shifts and the sampling theorem", path: "/shifts"};

export const SHIFT_SAMPLING_EMBED: EmbedEntry = {widget: "shift-sampling", title: "Sampling in one dimension: when is the global sum shift invariant?", keys: ["sampling."], height: 1000, chapter};
export const SHIFT_LAB_EMBED: EmbedEntry = {widget: "shift-lab", title: "The shift lab: a network's answer as the image moves one pixel at a time", keys: ["lab."], height: 1650, chapter};
export const SHIFT_HEATMAP_EMBED: EmbedEntry = {widget: "shift-heatmap", title: "Jaggedness over an image set", keys: ["heatmap"], height: 880, chapter};
export const BLURPOOL_COMPARE_EMBED: EmbedEntry = {widget: "blurpool-compare", title: "Max-pool against blur-pool under one-pixel shifts", keys: ["compare."], height: 1850, chapter};

export const SHIFTS_EMBEDS: EmbedEntry[] = [SHIFT_SAMPLING_EMBED, SHIFT_LAB_EMBED, SHIFT_HEATMAP_EMBED, BLURPOOL_COMPARE_EMBED];
