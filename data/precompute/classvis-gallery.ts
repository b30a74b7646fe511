// The chapter's precomputed gallery of class model visualizations: the live figure's render
// (components/classvis/classvis.ts, its defaults, seed 0) of a fixed list of classes, each
// classified by the network that drew it. Parts: "imagenet" (the seed article's dumbbell and
// one ImageNet class for each of Geirhos et al.'s 16 categories, on GALLERY_IMAGENET_NETWORK;
// minutes, so a build uses the committed file), "shapetex" (the six shapes; seconds, recomputed
// whenever the committed key does not match), and one part per paper network (PAPER_GALLERY on
// GoogLeNet and ResNet-50; minutes per class, committed).
//
// `npm run precompute -- classvis-gallery` rewrites data/precomputed/classvis-gallery-<id>.json,
// resumably: each finished class is kept under .cache/classvis-gallery/<id>/<key>/ and skipped
// on a rerun. The loader src/data/optimize/classvis-gallery.json.ts uses the committed files
// while their keys match; test/classvis-gallery.test.ts re-renders a ShapeTex class and compares.
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {jpegDataUrl, pngDataUrl} from "../site/image-ops.ts";
import {committedPath, modelKey, readCommitted, writeCommitted} from "./committed.ts";
import {CLASSVIS_DEFAULTS, classVisualization, classifyRGBA} from "../../components/classvis/classvis.ts";
import {CATEGORY_INDICES} from "../../components/texture-bias/category-table.ts";
import {decodeImage} from "../node/image-io.ts";
import {REGISTRY} from "../../components/zoo/registry.ts";
import type {ZooModel} from "../../components/zoo/types.ts";
import type {GalleryRender} from "../../components/classvis/gallery-render.ts";

/**
 * The ImageNet classes, by standard index (0-999): the seed's dumbbell, then for each Geirhos
 * category one common member of its class list (CATEGORY_INDICES; knife and oven have only one).
 */
export const IMAGENET_GALLERY: ReadonlyArray<{category: string; standardIndex: number}> = [
  {category: "dumbbell", standardIndex: 543},
  {category: "airplane", standardIndex: 404}, // airliner
  {category: "bear", standardIndex: 294}, // brown bear
  {category: "bicycle", standardIndex: 671}, // mountain bike
  {category: "bird", standardIndex: 15}, // robin
  {category: "boat", standardIndex: 472}, // canoe
  {category: "bottle", standardIndex: 907}, // wine bottle
  {category: "car", standardIndex: 817}, // sports car
  {category: "cat", standardIndex: 281}, // tabby
  {category: "chair", standardIndex: 765}, // rocking chair
  {category: "clock", standardIndex: 409}, // analog clock
  {category: "dog", standardIndex: 207}, // golden retriever
  {category: "elephant", standardIndex: 386}, // African elephant
  {category: "keyboard", standardIndex: 508}, // computer keyboard
  {category: "knife", standardIndex: 499}, // cleaver
  {category: "oven", standardIndex: 766}, // rotisserie
  {category: "truck", standardIndex: 717}, // pickup
];

/**
 * The ImageNet network of the gallery. GoogLeNet (the network of Mordvintsev et al.'s renders)
 * draws better-looking classes but took 102-287 s per class on one niced core of the shared
 * 2-core machine (17 classes: 30-80 min); MobileNet v1 0.25 takes seconds. Change the id and
 * rerun `npm run precompute -- classvis-gallery` on a quieter machine to switch.
 */
export const GALLERY_IMAGENET_NETWORK = "mobilenet-v1-0.25";
export const GALLERY_SHAPETEX_NETWORK = "shapetex";

/** The papers' networks, each a part of its own (part name = network id). */
export const PAPER_GALLERY_NETWORKS = ["googlenet", "resnet-50"] as const;

/**
 * The few classes the papers' networks draw (measured on one niced core here: GoogLeNet 1.4-2.7
 * minutes per class, ResNet-50 9-22): the
 * dumbbell of Mordvintsev et al.'s "Inceptionism" post, drawn by GoogLeNet, and the robin, tabby
 * and African elephant of the gallery (the last two are the texture chapter's cat and elephant).
 */
export const PAPER_GALLERY = IMAGENET_GALLERY.filter((c) => ["dumbbell", "bird", "cat", "elephant"].includes(c.category));

/** How a render is stored: JPEG for 224-px ImageNet renders (a PNG of one is ~95 KB of high-frequency detail), PNG for ShapeTex's 32-px ones. */
export const GALLERY_SETTINGS = {render: CLASSVIS_DEFAULTS, jpegQuality: 85} as const;

export type GalleryPart = "imagenet" | "shapetex" | (typeof PAPER_GALLERY_NETWORKS)[number];

export type {GalleryRender};

export interface ClassVisGallery {
  part: GalleryPart;
  key: string;
  model: {id: string; name: string};
  settings: typeof GALLERY_SETTINGS;
  renders: GalleryRender[];
  seconds: number;
}

/** What the loader returns for a part that is not in this copy of the site. */
export interface MissingGallery {
  part: GalleryPart;
  missing: string;
}

const networkOf = (part: GalleryPart) => (part === "imagenet" ? GALLERY_IMAGENET_NETWORK : part === "shapetex" ? GALLERY_SHAPETEX_NETWORK : part);

/** The ImageNet classes of a part (every class of the network for ShapeTex). */
const classListOf = (part: GalleryPart) => (part === "shapetex" ? "all" : part === "imagenet" ? IMAGENET_GALLERY : PAPER_GALLERY);

/** The classes of a part as (category, class index in the model's order). */
export function galleryClasses(part: GalleryPart, model: ZooModel): Array<{category: string; class: number; standardIndex?: number}> {
  const list = classListOf(part);
  if (list === "all") return model.labels.map((l, k) => ({category: l, class: k}));
  return list.map(({category, standardIndex}) => {
    if (category !== "dumbbell" && !CATEGORY_INDICES[category]?.includes(standardIndex)) throw new Error(`class ${standardIndex} is not in Geirhos category ${category}`);
    const k = model.standardIndexOf ? model.standardIndexOf.indexOf(standardIndex) : standardIndex;
    if (k < 0) throw new Error(`${model.id} has no output for standard class ${standardIndex}`);
    return {category, class: k, standardIndex};
  });
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

/** One class rendered with the live figure's defaults, stored, and classified as stored. */
export async function renderGalleryClass(part: GalleryPart, model: ZooModel, c: {category: string; class: number; standardIndex?: number}): Promise<GalleryRender> {
  const r = await classVisualization(model, c.class);
  const image = part !== "shapetex" ? jpegDataUrl(r.image, GALLERY_SETTINGS.jpegQuality) : pngDataUrl(r.image);
  const shown = decodeImage(Buffer.from(image.slice(image.indexOf(",") + 1), "base64"));
  const {top1, probability} = await classifyRGBA(model, {width: shown.width, height: shown.height, data: new Uint8ClampedArray(shown.data)}, c.class);
  return {
    ...c, label: r.label, image, width: r.image.width, height: r.image.height,
    logitBefore: round(r.logitBefore, 4), logitAfter: round(r.logitAfter, 4),
    top1: {...top1, probability: round(top1.probability)}, probability: round(probability),
    steps: r.steps, seconds: round(r.seconds, 1),
  };
}

export async function galleryKey(part: GalleryPart): Promise<string> {
  return modelKey(networkOf(part), {gallery: GALLERY_SETTINGS, classes: classListOf(part)});
}

const CACHE = path.resolve(import.meta.dirname, "../../.cache/classvis-gallery");

/** Renders every class of a part (resumable through .cache/), writes the committed file, returns it. */
export async function computeGallery(part: GalleryPart, log = (m: string) => console.error(m)): Promise<ClassVisGallery> {
  await initTf();
  const t0 = performance.now();
  const id = networkOf(part), key = await galleryKey(part);
  const dir = path.join(CACHE, id, key);
  fs.mkdirSync(dir, {recursive: true});
  const model = await loadModel(id);
  const renders: GalleryRender[] = [];
  try {
    for (const c of galleryClasses(part, model)) {
      const file = path.join(dir, `${c.class}.json`);
      if (fs.existsSync(file)) {
        renders.push(JSON.parse(fs.readFileSync(file, "utf8")));
        continue;
      }
      const r = await renderGalleryClass(part, model, c);
      fs.writeFileSync(file, JSON.stringify(r));
      renders.push(r);
      log(`classvis-gallery ${id}: ${c.category} (${r.label}) in ${r.seconds} s, top-1 ${r.top1.label} ${(100 * r.top1.probability).toFixed(1)}%`);
    }
  } finally {
    model.dispose();
  }
  const gallery: ClassVisGallery = {
    part, key, model: {id, name: REGISTRY.find((e) => e.id === id)!.name}, settings: GALLERY_SETTINGS, renders,
    seconds: Math.round(renders.reduce((s, r) => s + r.seconds, 0) || (performance.now() - t0) / 1000),
  };
  writeCommitted("classvis-gallery", id, gallery);
  log(`wrote ${committedPath("classvis-gallery", id)}`);
  return gallery;
}

/** The loader's part: the committed gallery while its key matches, else a fresh one (ShapeTex) or what the reader is told (ImageNet). */
export async function galleryPartJson(part: GalleryPart, {recompute = false} = {}): Promise<ClassVisGallery | MissingGallery> {
  await initTf(); // packing a network for its key builds tensors
  const id = networkOf(part);
  const status = (await listModels()).find((m) => m.id === id);
  const name = REGISTRY.find((e) => e.id === id)!.name;
  if (!status?.available) {
    console.error(`classvis-gallery: ${id} not available (${status?.reason ?? "not in the zoo"})`);
    return {part, missing: `This copy of the site was built without ${name}, so its gallery is not shown; the renders of the ShapeTex network are.`};
  }
  const key = await galleryKey(part);
  if (!recompute) {
    const committed = readCommitted("classvis-gallery", id, key);
    if (committed) return JSON.parse(committed);
    if (part !== "shapetex") {
      console.error(`classvis-gallery: ${committedPath("classvis-gallery", id)} is missing or its key is not ${key} (npm run precompute -- classvis-gallery)`);
      return {part, missing: `The gallery of ${name}'s classes is not part of this copy of the site.`};
    }
  }
  return computeGallery(part);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const part of (process.argv.slice(2).length ? process.argv.slice(2) : ["shapetex", "imagenet", ...PAPER_GALLERY_NETWORKS]) as GalleryPart[]) await galleryPartJson(part, {recompute: true});
}
