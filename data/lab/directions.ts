// `lab directions`: the images of a set that most excite one unit of a layer beside those that
// most excite a seeded random direction of it (Szegedy et al. 2013, Section 3), with how
// label-coherent each top-k is against chance.
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf, tf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {readImage} from "../node/image-io.ts";
import {assetGroup} from "../assets/manifest.ts";
import {resolveAsset} from "../assets/resolve.ts";
import {required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {integerOption} from "./backward-io.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {DIRECTIONS_SHAPETEX_SET, directionLayers, directions, layerFeatures, shapetexLabelledSet, type Ranked} from "../../components/backward/directions.ts";
import {chanceCoherence, coherenceSummary, labelCoherence, rankedImages} from "../../components/backward/coherence.ts";
import type {ZooModel} from "../../components/zoo/types.ts";

export const options = defineOptions({
  model: opt.text("a zoo id", {required: true, value: "ID"}),
  layer: opt.text("the layer (a feature map is averaged over space)", {required: true, value: "L"}),
  unit: opt.integer("the unit (channel) of the natural-basis direction", {default: 0, min: 0, value: "K"}),
  seed: opt.integer("the seed of the random direction", {default: 0, min: 0, value: "S"}),
  top: opt.integer("how many images per direction", {default: 9, min: 1, max: 1000, value: "K"}),
  set: opt.text("shapetex, geirhos-silhouettes, photos, or a folder of images (labels: sub-folder names)", {default: "shapetex", value: "SET|DIR"}),
  n: opt.integer("how many images (shapetex: generated; others: the first n)", {default: DIRECTIONS_SHAPETEX_SET.n, min: 1, max: 100000}),
  summary: opt.flag("also the layer's mean coherence over all its units and 32 random directions"),
});

export const description = `Top images of a unit and of a random direction of one layer (Szegedy et al. 2013, Section 3).
Sets: shapetex (n generated images, seed 1, labelled by shape), geirhos-silhouettes (the 160 filled
silhouettes, labelled by their 16 categories), photos (the mirror's photos, each its own label), or a folder.
Prints {model, layer, dim, unit, seed, set, images, top, unitTop: [{image, name, label, score}], randomTop,
coherence: {unit, random, chance}, summary?, seconds}.`;

export const usage = usageText("directions", options, description);

const imageFile = (f: string) => /\.(png|jpe?g|bmp)$/i.test(f);

interface Item {
  name: string;
  label: string;
  load: (m: ZooModel) => Promise<tf.Tensor4D>;
}

function fromFile(name: string, label: string, file: () => Promise<string>): Item {
  return {name, label, load: async (m) => {
    const img = readImage(await file());
    return toModelInput(img.data, img.width, img.height, m.inputSize);
  }};
}

/** The mirror's or a folder's images with their labels (mirror sets need ASSET_MIRROR). */
function fileSet(set: string, n: number): Item[] {
  if (set === "geirhos-silhouettes") return assetGroup("geirhos-silhouettes").files.filter((f) => imageFile(f.name)).slice(0, n).map((f) => fromFile(f.name, f.name.split("/")[0], () => resolveAsset(`geirhos-silhouettes/${f.name}`)));
  if (set === "photos") return ["skimage", "coral"].flatMap((g) => assetGroup(g).files.filter((f) => imageFile(f.name)).map((f) => fromFile(`${g}/${f.name}`, `${g}/${f.name}`, () => resolveAsset(`${g}/${f.name}`)))).slice(0, n);
  if (fs.existsSync(set) && fs.statSync(set).isDirectory()) {
    const files = fs.readdirSync(set, {recursive: true}).map(String).filter(imageFile).sort().slice(0, n);
    if (!files.length) throw new Error(`no PNG/JPEG/BMP images in ${set}`);
    return files.map((f) => fromFile(f, path.dirname(f) === "." ? f : path.dirname(f), async () => path.join(set, f)));
  }
  throw new Error(`--set must be shapetex, geirhos-silhouettes, photos or a folder, got "${set}"`);
}

export async function run(args: Args) {
  const id = required(args, "model"), layer = required(args, "layer");
  registryEntry(id);
  const unit = integerOption(args, "unit", 0, 0), seed = integerOption(args, "seed", 0, 0), k = integerOption(args, "top", 9, 1);
  const set = args.options.get("set") ?? "shapetex", n = integerOption(args, "n", DIRECTIONS_SHAPETEX_SET.n, 1);
  await initTf();
  const model = await loadModel(id);
  let images: tf.Tensor4D[] = [];
  try {
    const info = directionLayers(model).find((l) => l.name === layer);
    if (!info) throw new Error(`${id}: no layer "${layer}" (layers: ${directionLayers(model).map((l) => l.name).join(", ")})`);
    if (unit >= info.shape.at(-1)!) throw new Error(`${layer} has units 0..${info.shape.at(-1)! - 1}, not ${unit}`);
    let names: string[], labels: string[];
    if (set === "shapetex") {
      const s = shapetexLabelledSet(model.inputSize, {...DIRECTIONS_SHAPETEX_SET, n});
      images = s.images;
      labels = s.labels;
      names = labels.map((l, i) => `shapetex-${i} (${l})`);
    } else {
      const items = fileSet(set, n);
      for (const it of items) images.push(await it.load(model));
      names = items.map((it) => it.name);
      labels = items.map((it) => it.label);
    }
    const t0 = performance.now();
    const features = await layerFeatures(model, images, layer);
    const r = directions(features, {unit, seed, k});
    const rows = (top: Ranked[]) => top.map((q) => ({image: q.image, name: names[q.image], label: labels[q.image], score: Number(q.score.toPrecision(6))}));
    const coherence = {unit: labelCoherence(rankedImages(r.unitTop), labels), random: labelCoherence(rankedImages(r.randomTop), labels), chance: Number(chanceCoherence(labels, k).toFixed(4))};
    const summary = args.flags.has("summary") ? coherenceSummary(features, labels, {k}) : undefined;
    return {model: id, layer, dim: features.dim, unit, seed, set, images: images.length, top: k, unitTop: rows(r.unitTop), randomTop: rows(r.randomTop), coherence, ...(summary ? {summary} : {}), seconds: (performance.now() - t0) / 1000};
  } finally {
    tf.dispose(images);
    model.dispose();
  }
}
