// `lab jaggedness --model ID --images DIR --protocol black|inpaint|crop --max-shift N
//  [--direction diagonal|x|y] [--per-image] [--workers N] --json`: how often 1-pixel shifts change a
// network's answer over a set of images (Azulay & Weiss 2019; Zhang 2019).
import {numberOption, required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {coreCount} from "../node/ordered-worker.ts";
import {startModelPool} from "../precompute/model-pool.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {DIRECTIONS, PROTOCOLS, type Direction, type Protocol} from "../../components/shift/protocols.ts";
import {geometryFor, imagesFromDir, shapeTexItems, shapeTexSideFor, sweepImageSet, SHAPETEX_SHIFT_SEED, type ImageItem} from "../precompute/shift-sweeps.ts";

export const options = defineOptions({
  model: opt.text("a zoo id", {required: true, value: "ID"}),
  protocol: opt.choice(PROTOCOLS, "how the border uncovered by a shift is filled", undefined, {required: true}),
  "max-shift": opt.integer("shift each image by 0..N pixels", {required: true, min: 1, max: 64}),
  images: opt.text("a folder: every PNG, JPEG or BMP in it (or use --shapetex)", {value: "DIR"}),
  shapetex: opt.integer("N seeded ShapeTex test images, true shapes as references (or use --images)", {min: 1, max: 100000}),
  seed: opt.integer("seed of the --shapetex images", {default: SHAPETEX_SHIFT_SEED, min: 0}),
  direction: opt.choice(DIRECTIONS, "the direction of the shifts", "diagonal"),
  "per-image": opt.flag("also print every image's sweep"),
  workers: opt.integer("worker threads sweeping images, each with its own copy of the network (default: one per core, at most one per image; 1: this thread)", {min: 1, max: 64, value: "N"}),
});

export const description = `How often 1-pixel shifts change a network's answer over a set of images (Azulay & Weiss 2019; Zhang 2019).
Shifts each image by 0..N pixels under the protocol and runs all shifts through the model in
one batch, the images shared among worker threads. Prints p_top1_change, mean_abs_change, jagged_fraction, consistency, images (and
per_image sweeps with --per-image), workers. Without true labels the unshifted top-1 is the reference class.`;

export const usage = usageText("jaggedness", options, description);

export async function run(args: Args) {
  await initTf();
  const id = required(args, "model");
  registryEntry(id);
  const protocol = required(args, "protocol") as Protocol;
  if (!PROTOCOLS.includes(protocol)) throw new Error(`--protocol must be one of ${PROTOCOLS.join(", ")}, got "${protocol}"`);
  const direction = (args.options.get("direction") ?? "diagonal") as Direction;
  if (!DIRECTIONS.includes(direction)) throw new Error(`--direction must be one of ${DIRECTIONS.join(", ")}, got "${direction}"`);
  const maxShift = numberOption(args, "max-shift", NaN);
  if (!(Number.isInteger(maxShift) && maxShift >= 1 && maxShift <= 64)) throw new Error(`--max-shift must be a whole number from 1 to 64`);
  const dir = args.options.get("images"), count = args.options.get("shapetex");
  if (!dir === !count) throw new Error("give exactly one of --images DIR or --shapetex N");
  const dirItems = dir ? imagesFromDir(dir) : null; // a bad folder fails before the model loads
  const model = await loadModel(id);
  try {
    const g = geometryFor(model, maxShift, direction);
    let items: ImageItem[];
    let source: string;
    if (dirItems) {
      items = dirItems;
      source = dir!;
    } else {
      const n = Number(count), seed = numberOption(args, "seed", SHAPETEX_SHIFT_SEED);
      if (!(Number.isInteger(n) && n >= 1)) throw new Error(`--shapetex must be a positive whole number, got "${count}"`);
      items = shapeTexItems(n, shapeTexSideFor(g, protocol), seed);
      // ShapeTex labels are shapes: true references only for the ShapeTex networks
      if (registryEntry(id).kind !== "embedded") items = items.map(({label: _label, ...rest}) => rest);
      source = `shapetex seed ${seed}`;
    }
    const workers = numberOption(args, "workers", Math.min(coreCount(), items.length));
    const pool = workers > 1 ? await startModelPool(id, workers) : null;
    const r = await sweepImageSet(model, items, protocol, g, (s) => console.error(s), pool?.sweep).finally(() => pool?.close());
    const {per_image, metrics, ...rest} = r;
    return {
      ...rest, images_from: source, ...metrics, workers,
      ms_per_image: Math.round((r.seconds * 1000) / items.length),
      ...(args.flags.has("per-image") ? {per_image} : {}),
    };
  } finally {
    model.dispose();
  }
}
