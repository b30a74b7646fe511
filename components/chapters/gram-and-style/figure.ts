// The chapter's interactive figures by their embed names, so the chapter page and each embed
// page build the same figure from one call, plus the images they all work on.
import type {ZooModel} from "../../zoo/types.ts";
import {uniqueSlugs} from "../../gram/params.ts";
import {cueConflictLive, invertLive, styleLive, textureLive, type GramImage, type LiveWidget} from "./live.ts";
import {gramShuffleWidget} from "./shuffle.ts";

/** Embed name -> element id on the page (ids the chapter's tests and links already use). */
const FIGURES = {
  "gram-shuffle": "gram-shuffle",
  "feature-inversion": "gram-invert",
  "texture-synthesis": "gram-texture",
  "style-transfer": "gram-style",
  "cue-conflict-maker": "gram-cue",
} as const;

export type GramFigureName = keyof typeof FIGURES;
export const GRAM_FIGURES = Object.keys(FIGURES) as GramFigureName[];

/**
 * One figure for this network; `ready` settles when it shows its first result (the shuffle
 * comparison; the optimisations show nothing until the reader presses Run). Call abort() when
 * the cell is invalidated.
 */
export function gramFigure(name: GramFigureName, {model, images}: {model: ZooModel; images: GramImage[]}): LiveWidget & {ready: Promise<void>} {
  if (!(name in FIGURES)) throw new Error(`no Gram figure "${name}" (known: ${GRAM_FIGURES.join(", ")})`);
  const figure = name === "gram-shuffle" ? gramShuffleWidget({model, images})
    : Object.assign(
      name === "feature-inversion" ? invertLive({model, images})
        : name === "texture-synthesis" ? textureLive({model, images})
        : name === "style-transfer" ? styleLive({model, images})
        : cueConflictLive({model, images}),
      {ready: Promise.resolve()});
  figure.id = FIGURES[name];
  return figure;
}

/** The chapter's image list (data/gram/images.json): decoded, with short URL ids ("brick"). */
export async function decodeGramImages(list: ReadonlyArray<{id: string; title: string; src: string}>): Promise<GramImage[]> {
  const slugs = uniqueSlugs(list.map((d) => d.id));
  return Promise.all(list.map(async (d, k) => {
    const img = new Image();
    img.src = d.src;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    return {id: slugs[k], title: d.title, source: d.id, image: ctx.getImageData(0, 0, c.width, c.height)};
  }));
}

/** An image's title by its source id (asset path), for the precomputed gallery's alt texts. */
export function titleBySource(images: readonly GramImage[]): (source: string) => string {
  return (source) => images.find((d) => d.source === source)?.title ?? source.split("/").at(-1)!.replace(/\.[a-z]+$/i, "");
}
