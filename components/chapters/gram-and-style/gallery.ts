// The chapter's precomputed figures (data/precomputed/gram-gallery-*.json): shown at once, on
// every device, before any live run. Each picture's text alternative says what it is, which
// network and layer made it, and the loss it reached.
import {imageSlug} from "../../gram/params.ts";
import {scrollRegion} from "../../ui/table.ts";

interface Run {
  src: string;
  firstLoss: number;
  lastLoss: number;
  steps: number;
}

/** The gallery JSON's fields this module reads (a {missing} record when left out of the build). */
export interface GramGalleryData {
  missing?: string;
  name: string;
  settings: {inversion: {image: string}; layerSeries: {image: string}; style: {content: string; style: string}; cueConflict: {shape: string; texture: string}; comparison: {image: string}};
  inversionSource: string;
  inversions: Array<Run & {layer: string}>;
  layerSeries: Array<Run & {layers: string[]; stepsPerSecond: number}>;
  textures: Array<Run & {image: string; source: string}>;
  style: Run & {content: string; style: string; contentLayer: string};
  cueConflict: Run & {shape: string; texture: string; reference: string};
  comparison: Array<Run & {name: string; layers: string[]; stepsPerSecond: number; meanRank?: number; judges?: number}>;
}

export type GalleryPart = "inversions" | "layer-series" | "textures" | "style" | "cue-conflict" | "comparison";

/** A title for an asset id: the caller's (from the chapter's image list), else its file stem. */
export type TitleOf = (assetId: string) => string;

function figure(src: string, width: number, alt: string, ...caption: Array<string | Node>): HTMLElement {
  const f = document.createElement("figure");
  const img = document.createElement("img");
  Object.assign(img, {src, width, alt});
  const c = document.createElement("figcaption");
  c.append(...caption);
  f.append(img, c);
  return f;
}

const code = (text: string) => Object.assign(document.createElement("code"), {textContent: text});
const losses = (r: Run) => `${r.firstLoss} → ${r.lastLoss}`;

function gallery(id: string, figures: HTMLElement[]): HTMLElement {
  const div = document.createElement("div");
  div.className = "cnn-gram-gallery";
  div.id = id;
  div.append(...figures);
  return div;
}

function comparisonTable(g: GramGalleryData, brick: string): HTMLElement {
  const table = document.createElement("table");
  table.id = "gram-comparison";
  const head = table.createTHead().insertRow();
  const judged = g.comparison.some((d) => Number.isFinite(d.meanRank));
  const headings = ["network", "layers", "loss start → end", ...(judged ? ["mean rank by the other networks (1 = best)"] : []), "steps/s (build machine)", "result"];
  for (const h of headings) head.append(Object.assign(document.createElement("th"), {textContent: h, scope: "col"}));
  const body = table.createTBody();
  for (const d of g.comparison) {
    const tr = body.insertRow();
    const rank = judged ? [Number.isFinite(d.meanRank) ? `${d.meanRank} (${d.judges} judges)` : "–"] : [];
    for (const text of [d.name, d.layers.join(", "), losses(d), ...rank, String(d.stepsPerSecond)]) tr.insertCell().textContent = text;
    const img = Object.assign(document.createElement("img"), {src: d.src, width: 96, alt: `${brick} texture synthesised by ${d.name} from ${d.layers.length} layers: loss ${losses(d)}`});
    tr.insertCell().append(img);
  }
  // wider than a phone: the table scrolls inside a region that keyboard users can focus
  return scrollRegion(table, `${brick} synthesised by every network: losses, speed and pictures`, "cnn-gram-scroll");
}

/** One precomputed figure of the chapter. */
export function gramGallery(g: GramGalleryData, part: GalleryPart, fullTitleOf: TitleOf = imageSlug): HTMLElement {
  const s = g.settings;
  const titleOf = (id: string) => fullTitleOf(id).replace(/\s*\([^)]*\)$/, ""); // "Brick wall (texture)" -> "Brick wall"
  switch (part) {
    case "inversions": {
      const title = titleOf(s.inversion.image);
      return gallery("gram-inversions", [
        figure(g.inversionSource, 128, `${title}, the image whose features are inverted`, "original"),
        ...g.inversions.map((d) => figure(d.src, 128, `${title} reconstructed from the ${d.layer} features of ${g.name}: ${d.steps} steps, loss ${losses(d)}`, code(d.layer), document.createElement("br"), `loss ${losses(d)}`)),
      ]);
    }
    case "layer-series": {
      const title = titleOf(s.layerSeries.image);
      return gallery("gram-layer-series", g.layerSeries.map((d) => figure(d.src, 128, `${title} texture synthesised by ${g.name} matching ${d.layers.length} layer${d.layers.length > 1 ? "s" : ""} up to ${d.layers.at(-1)}: style loss ${d.lastLoss}`, "up to ", code(d.layers.at(-1)!), document.createElement("br"), `loss ${d.lastLoss}, ${d.stepsPerSecond} steps/s`)));
    }
    case "textures":
      return gallery("gram-textures", g.textures.flatMap((d) => [
        figure(d.source, 128, `${titleOf(d.image)}, the source texture`, "source"),
        figure(d.src, 256, `Texture synthesised from ${titleOf(d.image)} by ${g.name} at 256 px: ${d.steps} steps, style loss ${losses(d)}`, `synthesised, loss ${losses(d)} in ${d.steps} steps`),
      ]));
    case "style": {
      const content = titleOf(s.style.content), style = titleOf(s.style.style), d = g.style;
      return gallery("gram-style-gallery", [
        figure(d.content, 128, `${content}, the content image`, "content"),
        figure(d.style, 128, `${style}, the style image`, "style"),
        figure(d.src, 128, `${content} repainted in the style of ${style} by ${g.name} (content layer ${d.contentLayer}): ${d.steps} steps, loss ${losses(d)}`, `result, loss ${losses(d)}`),
      ]);
    }
    case "cue-conflict": {
      const shape = titleOf(s.cueConflict.shape), texture = titleOf(s.cueConflict.texture), d = g.cueConflict;
      return gallery("gram-cue-gallery", [
        figure(d.shape, 128, `${shape}, the shape image`, "shape"),
        figure(d.texture, 128, `${texture}, the texture image`, "texture"),
        figure(d.src, 128, `Our cue conflict by ${g.name}: the shape of ${shape} with the texture of ${texture}, ${d.steps} steps, loss ${losses(d)}`, `ours (${g.name})`),
        figure(d.reference, 128, "Geirhos et al.'s stimulus for the same pair: the cat's shape with elephant skin, made with VGG features", "Geirhos et al. (CC BY 4.0)"),
      ]);
    }
    case "comparison":
      return comparisonTable(g, titleOf(s.comparison.image));
  }
}
