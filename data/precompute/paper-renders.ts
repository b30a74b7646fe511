// `nice -n 19 npx tsx data/precompute/paper-renders.ts [googlenet|resnet-50 ...] [--batch 4] [--workers N] [--atlas-only]`:
// the renders of the papers' networks (data/precompute/feature-layers.ts PAPER_RENDER_LAYERS,
// the chapter's modern recipe at 128 px), RESUMABLE: every group of channels is written to
// .cache/renders/<id>/<key>/<layer>/<channel>.{png,json} as soon as it finishes and skipped
// when present and valid, and after each group the atlas data/precomputed/renders-<id>.json is
// rewritten from everything rendered so far (`--atlas-only`: only that, from the cache). Channels
// render on one worker thread per core (`--workers`; the same bytes with any number). Hours on 2
// cores.
import * as fs from "node:fs";
import * as path from "node:path";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {readPng, writePng} from "../node/png.ts";
import {RENDER_SETTINGS} from "./loaders.ts";
import {serialRenderer} from "./renders.ts";
import {startModelPool} from "./model-pool.ts";
import {coreCount} from "../node/ordered-worker.ts";
import {renderPlan} from "./feature-layers.ts";
import {IMAGENET_SHEET_FORMAT, spriteSheet, type Tile} from "./sprite-sheet.ts";
import {modelKey, writeCommitted} from "./committed.ts";
import type {SpriteSheet} from "../../components/ui/sprite.ts";

const CACHE = path.resolve(import.meta.dirname, "../../.cache/renders");

function cached(dir: string, size: number): {tile: Tile; objective: number} | null {
  try {
    const meta = JSON.parse(fs.readFileSync(`${dir}.json`, "utf8")) as {objective?: number};
    const img = readPng(`${dir}.png`);
    if (img.width !== size || img.height !== size || typeof meta.objective !== "number") return null;
    return {tile: {width: size, height: size, data: new Uint8ClampedArray(img.data)}, objective: meta.objective};
  } catch {
    return null;
  }
}

export async function paperRenders(id: string, {batch = 4, workers = coreCount(), atlasOnly = false, log = (l: string) => process.stderr.write(l + "\n")} = {}): Promise<void> {
  await initTf();
  const settings = {...RENDER_SETTINGS.imagenet, seed: 0};
  const key = await modelKey(id, settings); // the key renderAtlasJson checks
  const model = await loadModel(id);
  const plan = renderPlan(model, false);
  const total = plan.reduce((n, p) => n + p.channels.length, 0);
  const root = path.join(CACHE, id, key);
  const pool = !atlasOnly && workers > 1 ? await startModelPool(id, workers) : null;
  const render = pool?.render ?? serialRenderer(model);
  const writeAtlas = () => {
    const layers: SpriteSheet[] = [];
    for (const {layer, channels} of plan) {
      const done = channels.map((c) => ({c, r: cached(path.join(root, layer.name.replace(/\//g, "_"), String(c)), settings.size)})).filter((x) => x.r);
      if (!done.length) continue;
      const columns = Math.min(16, Math.ceil(Math.sqrt(done.length * 2)));
      const {png} = spriteSheet(done.map((x) => x.r!.tile), columns, IMAGENET_SHEET_FORMAT);
      layers.push({model: id, layer: layer.name, channels: done.map((x) => x.c), tile: settings.size, columns, png, objective: done.map((x) => +x.r!.objective.toFixed(4))});
    }
    const n = layers.reduce((s, l) => s + l.channels.length, 0);
    writeCommitted("renders", id, {key, model: id, steps: settings.steps, size: settings.size, seed: settings.seed, recipe: "fourier + decorrelated colour + jitter/scale/rotate, Adam", coverage: `${n} of ${total} planned channels`, layers});
    return n;
  };
  try {
    if (atlasOnly) {
      log(`${id}: atlas rewritten from the cache, ${writeAtlas()}/${total} channels`);
      return;
    }
    // breadth first: the first `batch` channels of every layer, then the next ones; every
    // channel of a round is asked for at once, so the pool keeps all its workers busy
    const perLayer = Math.max(...plan.map((p) => p.channels.length));
    for (let start = 0; start < perLayer; start += batch) {
      await Promise.all(plan.map(async ({layer, channels}) => {
        const dir = path.join(root, layer.name.replace(/\//g, "_"));
        const group = channels.slice(start, start + batch).filter((c) => !cached(path.join(dir, String(c)), settings.size));
        if (!group.length) return;
        const t = performance.now();
        // the seed of a channel's image depends only on the channel, so groups can be resumed in any split
        await Promise.all(group.map(async (c) => {
          const r = await render(layer.name, [c], {size: settings.size, steps: settings.steps, seed: settings.seed + c});
          fs.mkdirSync(dir, {recursive: true});
          writePng(path.join(dir, `${c}.png`), {width: settings.size, height: settings.size, data: new Uint8Array(r.tiles[0].data.buffer)});
          fs.writeFileSync(path.join(dir, `${c}.json`), JSON.stringify({objective: r.objective[0]}));
        }));
        const n = writeAtlas();
        log(`${id} ${layer.name} channels ${group.join(",")}: ${((performance.now() - t) / 1000).toFixed(1)} s for the group; ${n}/${total} done`);
      }));
    }
    writeAtlas();
  } finally {
    await pool?.close();
    model.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const bi = args.indexOf("--batch");
  const batch = bi >= 0 ? Number(args.splice(bi, 2)[1]) : 4;
  const wi = args.indexOf("--workers"); // worker threads rendering channels; default one per core
  const workers = wi >= 0 ? Number(args.splice(wi, 2)[1]) : coreCount();
  const ai = args.indexOf("--atlas-only"); // rewrite the atlas from the cached channels, render nothing
  if (ai >= 0) args.splice(ai, 1);
  for (const id of args.length ? args : ["googlenet", "resnet-50"]) await paperRenders(id, {batch, workers, atlasOnly: ai >= 0});
}
