// `lab top-patches`: the 9 strongest units of a channel over an image set, each with its patch
// and its reconstruction (Zeiler & Fergus 2014, Fig. 2).
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf, tf} from "../node/tf.ts";
import {writePng} from "../node/png.ts";
import {readImage} from "../node/image-io.ts";
import {assetGroup} from "../assets/manifest.ts";
import {resolveAsset} from "../assets/resolve.ts";
import {required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {integerOption, openModel} from "./backward-io.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {makeShapeTexBatch} from "../../components/datasets/shapetex.ts";
import {topPatches} from "../../components/backward/top-patches.ts";
import {isRule, RULES} from "../../components/backward/rules.ts";
import {toRgba} from "../../components/backward/view.ts";
import type {ZooModel} from "../../components/zoo/types.ts";

export const options = defineOptions({
  model: opt.text("a zoo id, or a model.json / .tflite path", {required: true, value: "ID"}),
  layer: opt.text("the layer", {required: true, value: "L"}),
  channel: opt.integer("the channel", {required: true, min: 0, value: "K"}),
  set: opt.text("shapetex, photos, geirhos-originals, geirhos-silhouettes, or a folder of images", {default: "shapetex", value: "SET|DIR"}),
  n: opt.integer("how many images (shapetex, silhouettes and folders)", {default: 48, min: 1, max: 100000}),
  rule: opt.choice(RULES, "the backward rule of the reconstructions", "deconvnet"),
  k: opt.integer("how many of the strongest units", {default: 9, min: 1, max: 1000}),
  out: opt.text("a folder for patch-i.png and recon-i.png", {value: "DIR"}),
});

export const description = `The strongest units of a channel over an image set, each with its patch and reconstruction (Zeiler & Fergus 2014, Fig. 2).
Sets: shapetex (n generated images, seed 1), photos (the mirror's scikit-image and Coral photos),
geirhos-originals (cat7 and its variants' original), geirhos-silhouettes (the 160 filled silhouettes), or a folder of images.
Prints {model, layer, channel, set, images, rule, patches: [{image, name, activation, row, col, box: {x, y, size}}], seconds}.`;

export const usage = usageText("top-patches", options, description);

const PHOTO_GROUPS = ["skimage", "coral"];

/** The named image set as [name, RGBA loader] pairs (mirror sets need ASSET_MIRROR). */
async function imageSet(set: string, n: number): Promise<Array<{name: string; load: (m: ZooModel) => Promise<tf.Tensor4D>}>> {
  const fromFile = (name: string, file: () => Promise<string>) => ({name, load: async (m: ZooModel) => {
    const img = readImage(await file());
    return toModelInput(img.data, img.width, img.height, m.inputSize);
  }});
  const imageFile = (f: string) => /\.(png|jpe?g|bmp)$/i.test(f);
  if (set === "shapetex") {
    const b = makeShapeTexBatch(1, n, {size: 64});
    return Array.from({length: n}, (_, i) => ({name: `shapetex-${i}`, load: async (m: ZooModel) => {
      return tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(b.images.subarray(i * 64 * 64 * 3, (i + 1) * 64 * 64 * 3), [1, 64, 64, 3]), m.inputSize) as tf.Tensor4D);
    }}));
  }
  if (set === "photos") return PHOTO_GROUPS.flatMap((g) => assetGroup(g).files.filter((f) => imageFile(f.name)).map((f) => fromFile(`${g}/${f.name}`, () => resolveAsset(`${g}/${f.name}`))));
  if (set === "geirhos-originals") return assetGroup("geirhos-visualisation").files.filter((f) => imageFile(f.name)).map((f) => fromFile(f.name, () => resolveAsset(`geirhos-visualisation/${f.name}`)));
  if (set === "geirhos-silhouettes") return assetGroup("geirhos-silhouettes").files.filter((f) => imageFile(f.name)).slice(0, n).map((f) => fromFile(f.name, () => resolveAsset(`geirhos-silhouettes/${f.name}`)));
  if (fs.existsSync(set) && fs.statSync(set).isDirectory()) {
    const files = fs.readdirSync(set).filter(imageFile).sort().slice(0, n);
    if (!files.length) throw new Error(`no PNG/JPEG/BMP images in ${set}`);
    return files.map((f) => fromFile(f, async () => path.join(set, f)));
  }
  throw new Error(`--set must be shapetex, photos, geirhos-originals, geirhos-silhouettes or a folder, got "${set}"`);
}

export async function run(args: Args) {
  await initTf();
  const id = required(args, "model"), layer = required(args, "layer"), channel = integerOption(args, "channel", 0, 0);
  const rule = args.options.get("rule") ?? "deconvnet";
  if (!isRule(rule)) throw new Error(`--rule must be one of ${RULES.join(", ")}, got "${rule}"`);
  const set = args.options.get("set") ?? "shapetex", n = integerOption(args, "n", 48, 1), k = integerOption(args, "k", 9, 1);
  const {zoo} = await openModel(id);
  const info = zoo.layers.find((l) => l.name === layer);
  if (!info) throw new Error(`${id}: no layer "${layer}"`);
  if (channel >= info.shape.at(-1)!) throw new Error(`${layer} has channels 0..${info.shape.at(-1)! - 1}, not ${channel}`);
  const sources = await imageSet(set, n);
  const images = await Promise.all(sources.map((s) => s.load(zoo)));
  try {
    const t0 = performance.now();
    const out = args.options.get("out");
    const patches = await topPatches(zoo, images, layer, channel, {k, rule, keepReconstructions: Boolean(out)});
    if (out) {
      fs.mkdirSync(out, {recursive: true});
      for (const [i, p] of patches.entries()) {
        const crop = tf.tidy(() => tf.slice(images[p.image], [0, p.box.y, p.box.x, 0], [1, p.box.size, p.box.size, 3]).mul(255).toInt());
        const v = crop.dataSync();
        const data = new Uint8ClampedArray(p.box.size * p.box.size * 4);
        for (let j = 0; j < p.box.size * p.box.size; j++) data.set([v[3 * j], v[3 * j + 1], v[3 * j + 2], 255], 4 * j);
        writePng(path.join(out, `patch-${i}.png`), {width: p.box.size, height: p.box.size, data});
        const recon = tf.tidy(() => p.reconstruction!.expandDims(0) as tf.Tensor4D);
        writePng(path.join(out, `recon-${i}.png`), await toRgba(recon, "signed"));
        tf.dispose([crop, recon, p.reconstruction!]);
      }
    }
    return {model: id, layer, channel, set, images: sources.length, rule,
      patches: patches.map(({reconstruction: _r, ...p}) => ({...p, name: sources[p.image].name})), seconds: (performance.now() - t0) / 1000, out: out ?? null};
  } finally {
    tf.dispose(images);
    zoo.dispose();
  }
}
