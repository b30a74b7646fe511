// The chapter's precomputed adversarial study: for each network attacked with FGSM, over an
// image set, how often its own top-1 changes at each ε (the success-rate curve), and how often
// every other network's top-1 changes on the same adversarial image at one stated ε (the
// transfer table). FGSM's direction does not depend on ε, so each (network, image) costs one
// input gradient; everything else is forward passes. Two image sets: "imagenet" (the mirror's
// photos and the two Geirhos originals, for the ImageNet networks) and "shapetex" (generated,
// for the two ShapeTex networks; no mirror needed).
//
// `npm run precompute -- transfer` rewrites data/precomputed/transfer-<set>.json; the loaders
// src/data/optimize/transfer-<set>.json.ts use the committed file while its key matches;
// test/optimize-precomputed.test.ts recomputes one attacked network on one image and compares.
import {createHash} from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {readImage} from "../node/image-io.ts";
import {resolveAsset} from "../assets/resolve.ts";
import {committedPath, modelKey, readCommitted, writeCommitted} from "./committed.ts";
import {PHOTOS} from "../site/samples.ts";
import {toModelInput} from "../../components/image/prepare.ts";
import {makeShapeTexBatch} from "../../components/datasets/shapetex.ts";
import {fgsmDirection, fgsmStep} from "../../components/attacks/fgsm.ts";
import {top1} from "../../components/attacks/gradient.ts";
import {atInputSize} from "../../components/attacks/transfer.ts";
import {rate, type RateCell} from "../../components/attacks/transfer.ts";
import {REGISTRY} from "../../components/zoo/registry.ts";
import type {ZooModel} from "../../components/zoo/types.ts";

export type StudySet = "imagenet" | "shapetex";

/** ε values of the curve (pixel levels) and the ε of the transfer table. */
export const STUDY = {eps: [0.5, 1, 2, 4, 8], transferEps: 4, shapetexImages: 24, shapetexSeed: 7} as const;

/** The ImageNet networks of the study: every one of the zoo (those the machine has take part). */
export const IMAGENET_STUDY_NETWORKS = ["mobilenet-v1-0.25", "tiny-darknet", "mobilenet-v1-0.25-128", "mobilenet-v1-0.75-192", "mobilenet-v2-1.0", "googlenet", "resnet-50"];

const GEIRHOS = ["geirhos-visualisation/cat7_original.png", "geirhos-visualisation/elephant1.png"];

export interface ImageResult {
  /** The attacked network's top-1 on the clean image and at each ε of STUDY.eps. */
  clean: number;
  byEps: number[];
  /** For every other network: did its top-1 change at transferEps? */
  transfer: Record<string, boolean>;
}

export interface TransferStudy {
  set: StudySet;
  key: string;
  eps: readonly number[];
  transferEps: number;
  images: string[];
  networks: Array<{id: string; name: string}>;
  /** Per attacked network: one cell per ε (own top-1 changed). */
  success: Record<string, Array<RateCell & {eps: number}>>;
  /** transfer[attacked][tested]: top-1 of `tested` changed at transferEps; the diagonal is the white-box rate. */
  transfer: Record<string, Record<string, RateCell>>;
  perImage: Record<string, Record<string, ImageResult>>;
  seconds: number;
}

/** The networks of a set that this machine has. */
export async function studyNetworks(set: StudySet): Promise<string[]> {
  const ok = new Set((await listModels()).filter((m) => m.available).map((m) => m.id));
  return REGISTRY.filter((e) => (set === "shapetex" ? e.kind === "embedded" : IMAGENET_STUDY_NETWORKS.includes(e.id)) && ok.has(e.id)).map((e) => e.id);
}

/** The set's images as [1, H, W, 3] in [0, 1] at `size` (photos centre-cropped), by id. */
export async function studyImages(set: StudySet, size = 224): Promise<Array<{id: string; x: tf.Tensor4D}>> {
  if (set === "shapetex") {
    const b = makeShapeTexBatch(STUDY.shapetexSeed, STUDY.shapetexImages), px = b.size * b.size * 3;
    return Array.from({length: STUDY.shapetexImages}, (_, i) => ({id: `shapetex:${STUDY.shapetexSeed}:${i}`, x: tf.tensor4d(b.images.slice(i * px, (i + 1) * px), [1, b.size, b.size, 3])}));
  }
  const out: Array<{id: string; x: tf.Tensor4D}> = [];
  for (const id of [...PHOTOS.map(([p]) => p), ...GEIRHOS]) {
    const {data, width, height} = readImage(await resolveAsset(id));
    out.push({id, x: toModelInput(data, width, height, [size, size])});
  }
  return out;
}

/** One attacked network on one image: FGSM at every ε, and every other network at transferEps. */
export async function attackOne(attacked: ZooModel, others: ZooModel[], image: tf.Tensor4D): Promise<ImageResult> {
  const x = atInputSize(attacked, image);
  const direction = await fgsmDirection(attacked, x, {});
  try {
    const clean = (await top1(attacked, x)).index;
    const byEps: number[] = [];
    for (const e of STUDY.eps) {
      const adv = fgsmStep(x, direction, e);
      byEps.push((await top1(attacked, adv)).index);
      adv.dispose();
    }
    const adv = fgsmStep(x, direction, STUDY.transferEps);
    const transfer: Record<string, boolean> = {};
    for (const o of others) {
      const a = atInputSize(o, x), b = atInputSize(o, adv);
      transfer[o.id] = (await top1(o, a)).index !== (await top1(o, b)).index;
      tf.dispose([a, b]);
    }
    adv.dispose();
    return {clean, byEps, transfer};
  } finally {
    tf.dispose([x, direction]);
  }
}

async function studyKey(set: StudySet, ids: string[]): Promise<string> {
  const keys = [];
  for (const id of ids) keys.push(await modelKey(id, {study: STUDY, set}));
  // one hash over every network's key: a change to any of them makes the file stale
  return createHash("sha256").update(keys.join("-")).digest("hex").slice(0, 32);
}

export async function computeStudy(set: StudySet, log = (m: string) => console.error(m)): Promise<TransferStudy> {
  await initTf();
  const t0 = performance.now();
  const ids = await studyNetworks(set);
  const models = [] as ZooModel[];
  for (const id of ids) models.push(await loadModel(id));
  const images = await studyImages(set);
  const perImage: TransferStudy["perImage"] = {};
  try {
    for (const m of models) {
      perImage[m.id] = {};
      for (const {id, x} of images) perImage[m.id][id] = await attackOne(m, models.filter((o) => o !== m), x);
      log(`transfer ${set}: ${m.id} attacked on ${images.length} images`);
    }
  } finally {
    models.forEach((m) => m.dispose());
    images.forEach((i) => i.x.dispose());
  }
  const success: TransferStudy["success"] = {}, transfer: TransferStudy["transfer"] = {};
  for (const a of ids) {
    const rows = Object.values(perImage[a]);
    success[a] = STUDY.eps.map((eps, i) => ({eps, ...rate(rows.map((r) => r.byEps[i] !== r.clean))}));
    transfer[a] = {};
    for (const b of ids) transfer[a][b] = b === a ? rate(rows.map((r) => r.byEps[STUDY.eps.indexOf(STUDY.transferEps)] !== r.clean)) : rate(rows.map((r) => r.transfer[b]));
  }
  return {
    set, key: await studyKey(set, ids), eps: STUDY.eps, transferEps: STUDY.transferEps, images: images.map((i) => i.id),
    networks: ids.map((id) => ({id, name: REGISTRY.find((e) => e.id === id)!.name})),
    success, transfer, perImage, seconds: Math.round((performance.now() - t0) / 1000),
  };
}

/** The loader's output: the committed study while its key matches, else a fresh one (ShapeTex) or a note saying how to make it (ImageNet). */
export async function transferStudyJson(set: StudySet, {recompute = false} = {}): Promise<string> {
  await initTf();
  const ids = await studyNetworks(set);
  if (ids.length < 2) return JSON.stringify({set, missing: `fewer than two ${set === "imagenet" ? "ImageNet" : set} networks in this copy of the site`});
  const key = await studyKey(set, ids);
  if (!recompute) {
    const committed = readCommitted("transfer", set, key);
    if (committed) return committed;
    // the ImageNet study takes many minutes on 2 cores: a build uses the committed one or says so
    if (set === "imagenet") return JSON.stringify({set, missing: "The ImageNet study is not precomputed for these networks in this copy of the site."});
  }
  const study = await computeStudy(set);
  writeCommitted("transfer", set, study);
  console.error(`wrote ${committedPath("transfer", set)}`);
  return JSON.stringify(study);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const set of (process.argv.slice(2).length ? process.argv.slice(2) : ["shapetex", "imagenet"]) as StudySet[]) await transferStudyJson(set, {recompute: true});
}
