// Filter renders for the feature-visualization chapter: activation maximisation of every
// chosen channel, many channels at once (one image per channel in a batch, each with its
// own objective), packed as one sprite sheet per layer.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../../components/zoo/types.ts";
import {Objective} from "../../components/featvis/objectives.ts";
import {fourierImage} from "../../components/featvis/param.ts";
import {render, toRGBA} from "../../components/featvis/render.ts";
import type {RenderAtlas, SpriteSheet} from "../../components/ui/sprite.ts";
import {renderPlan} from "./feature-layers.ts";
import {oneAtATime} from "../node/one-at-a-time.ts";
import {IMAGENET_SHEET_FORMAT, spriteSheet, type Tile} from "./sprite-sheet.ts";

export interface AtlasOptions {
  embedded: boolean;
  size: number;
  steps: number;
  seed?: number;
  /** Channels optimised together in one batch. */
  batch?: number;
  log?: (line: string) => void;
  /** Who renders a group: this thread by default, or a pool of workers (model-pool.ts). */
  render?: GroupRender;
}

export interface RenderSettings {
  size: number;
  steps: number;
  seed: number;
}

/** Renders a group of channels of one layer: the tiles in channel order and what each reached. */
export type GroupRender = (layer: string, channels: number[], settings: RenderSettings) => Promise<{tiles: Tile[]; objective: number[]}>;

/** Image b of the batch maximises the mean of channel channels[b]: one objective, many renders. */
export function channelPerImage(layer: string, channels: number[]): Objective {
  return new Objective([layer], (acts) => {
    const a = acts.get(layer) as tf.Tensor4D;
    const c = a.shape[3];
    const mask = tf.oneHot(tf.tensor1d(channels, "int32"), c).reshape([channels.length, 1, 1, c]);
    return a.mul(mask).sum([1, 2, 3]).div(a.shape[1] * a.shape[2]).sum() as tf.Scalar;
  }, `channel-per-image(${layer}, ${channels.length})`);
}

/** Mean of channels[b] in image b, after rendering (no transforms): what each render reached. */
function perImageObjective(model: ZooModel, layer: string, images: tf.Tensor4D, channels: number[]): number[] {
  return tf.tidy(() => {
    const [a] = model.activations(images, [layer]) as tf.Tensor4D[];
    const c = a.shape[3];
    const mask = tf.oneHot(tf.tensor1d(channels, "int32"), c).reshape([channels.length, 1, 1, c]);
    return Array.from(a.mul(mask).sum([1, 2, 3]).div(a.shape[1] * a.shape[2]).dataSync());
  });
}

async function splitBatch(images: tf.Tensor4D): Promise<Tile[]> {
  const tiles: Tile[] = [];
  for (let b = 0; b < images.shape[0]; b++) {
    const one = images.slice([b, 0, 0, 0], [1, -1, -1, -1]);
    tiles.push(await toRGBA(one));
    one.dispose();
  }
  return tiles;
}

/** Renders `group` (channels of one layer) together; the tiles in channel order and what each reached. */
export async function renderGroup(model: ZooModel, layer: string, group: number[], {size, steps, seed}: RenderSettings): Promise<{tiles: Tile[]; objective: number[]}> {
  const param = fourierImage({size, seed, batch: group.length});
  try {
    await render(model, channelPerImage(layer, group), {param, steps, seed});
    const images = param.image();
    const objective = perImageObjective(model, layer, images, group);
    const tiles = await splitBatch(images);
    images.dispose();
    return {tiles, objective};
  } finally {
    param.dispose();
  }
}

/** Renders groups on this thread, one at a time (each holds its batch of images while it optimises). */
export const serialRenderer = (model: ZooModel): GroupRender => oneAtATime((layer, channels, settings) => renderGroup(model, layer, channels, settings));

export async function renderAtlas(model: ZooModel, {embedded, size, steps, seed = 0, batch = 16, log = () => {}, render = serialRenderer(model)}: AtlasOptions): Promise<RenderAtlas> {
  const plan = renderPlan(model, embedded);
  // every group of every layer is asked for at once, so a pool keeps all its workers busy
  const sheets = plan.map(({layer, channels}) => {
    let done = 0;
    const groups: Array<ReturnType<GroupRender>> = [];
    for (let start = 0; start < channels.length; start += batch) {
      const group = channels.slice(start, start + batch);
      groups.push(render(layer.name, group, {size, steps, seed: seed + start}).then((r) => {
        done += group.length;
        log(`${model.id} ${layer.name}: ${done}/${channels.length} channels`);
        return r;
      }));
    }
    return Promise.all(groups);
  });
  const rendered = await Promise.all(sheets);
  const layers: SpriteSheet[] = [];
  for (const [i, {layer, channels}] of plan.entries()) {
    const groups = rendered[i];
    const tiles = groups.flatMap((g) => g.tiles), objective = groups.flatMap((g) => g.objective);
    const columns = Math.min(16, Math.ceil(Math.sqrt(tiles.length * 2)));
    const {png} = spriteSheet(tiles, columns, embedded ? {} : IMAGENET_SHEET_FORMAT);
    layers.push({model: model.id, layer: layer.name, channels, tile: size, columns, png, objective: objective.map((v) => +v.toFixed(4))});
  }
  return {model: model.id, steps, size, seed, recipe: "fourier + decorrelated colour + jitter/scale/rotate, Adam", layers};
}
