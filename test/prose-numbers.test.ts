// Every number the chapter pages state by hand is either a published number (quoted, with its
// source), a constant of the method, or a fact about our own data that this test checks against
// the data. Numbers about our data that the pages compute (`${…}` over the JSON they load) are
// not typed by hand and need no check here. A new hand-typed percentage, decimal or count of
// images / decisions / steps in a page fails the first test until it is computed on the page or
// listed below (docs/writing.md says how).
import {test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {needsMirror, requireMirror} from "./helpers/mirror.ts";
import {around, bodyOf, measuredLookingNumbers} from "./helpers/prose.ts";
import {SHAPES, TEXTURES, UNINFORMATIVE_AGREEMENT} from "../components/datasets/shapetex.ts";
import {CUE_PER_PAIR, DEFAULT_SETTINGS} from "../components/texture-bias/train-shapetex.ts";
import {REFERENCE_PHOTOS} from "../data/tflite/reference-check.ts";
import {SHAPETEX_SHIFT_SEED} from "../data/precompute/shift-sweeps.ts";
import {sparsity} from "../components/featvis/sparsity.ts";

const PAGES = ["index", "feature-visualization", "gram-and-style", "shifts", "texture-vs-shape", "models", "looking-back", "optimizing-the-input"] as const;
type Page = (typeof PAGES)[number];
const page = (p: Page) => readFileSync(new URL(`../src/${p}.md`, import.meta.url), "utf8");
const json = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), "utf8"));

/** Hand-typed numbers that are not about our data: where each comes from. */
const NOT_OUR_DATA: Record<Page, Record<string, string>> = {
  "index": {},
  "feature-visualization": {
    "64 steps": "the settings of the committed GoogLeNet render shown beside the sentence (a method constant)",
  },
  "optimizing-the-input": {
    "0.25": "the network's name, MobileNet v1 0.25 (width multiplier)",
    "99%": "Nguyen et al. 2015's confidence for fooling images, and the stopping confidence of components/attacks/fooling.ts",
    "1.4": "the octave scale of Mordvintsev et al.'s deepdream notebook (DREAM_DEFAULTS.octaveScale)",
  },
  "gram-and-style": {
    "2.3": "Geirhos et al. 2019, Sec. 2.3 (a section number)",
    "1.0": "the network's name, MobileNet v2 1.0 (width multiplier)",
    "0.25": "the network's name, MobileNet v1 0.25 (width multiplier)",
    "3 layers": "3×3 layers: VGG-19's kernel size",
  },
  "shifts": {
    "4.1": "Zhang 2019, Sec. 4.1 (a section number)",
    "95%": "the level of the intervals",
  },
  "texture-vs-shape": {
    "1280 images": "the paper's full cue-conflict set (Geirhos et al. 2019, Sec. 2)",
    "95%": "the level of the intervals",
    "100%": "a setting of the training lab (texture always agrees) and the range of a fraction",
    "17%": "1/6, the uninformative texture agreement (checked below)",
    "6.25%": "chance among 16 categories",
    "48 images": "the paper's texture stimuli: 48 photographs, 3 per category (Geirhos et al. 2019, Sec. 2)",
    "81%": "ResNet-50 trained on Stylized-ImageNet (Geirhos et al. 2019, Fig. 5)",
    "22%": "ResNet-50 trained on ImageNet (Geirhos et al. 2019, Fig. 5)",
    "63.9%": "torchvision's ResNet-50 on cat7-elephant1, as quoted by the article the chapter follows",
    "26.4%": "torchvision's ResNet-50 on cat7-elephant1, as quoted by the article the chapter follows",
    "9.6%": "torchvision's ResNet-50 on cat7-elephant1, as quoted by the article the chapter follows",
  },
  "looking-back": {
    "2.1": "Zeiler & Fergus 2014, Sec. 2.1 (a section number)",
    "4.2": "Zeiler & Fergus 2014, Sec. 4.2 (a section number)",
  },
  "models": {
    "1.0": "the network's name, MobileNet v2 1.0",
    "0.75": "the network's name, MobileNet v1 0.75/192",
    "0.25": "the network's name, MobileNet v1 0.25/128",
    "2.4": "Jacob et al. 2018, Sec. 2.4 (a section number)",
  },
};

/** Hand-typed numbers about our data (or the paper's data run through our code), each with its check. */
interface Claim {
  page: Page;
  /** The numbers it covers in the guard below. */
  covers: string[];
  /** A regular expression over the page's prose whose groups are the stated numbers. */
  says: RegExp;
  /** The numbers the data gives, in the order of the groups. */
  data: () => Promise<Array<string | number>> | Array<string | number>;
  mirror?: boolean;
  /** The test file that checks these numbers instead (it reads the page). */
  checkedIn?: string;
}

let published: Promise<{observers: Array<{id: string; shapeBias: number; n: number}>}> | undefined;
const publishedData = () => (published ??= import("../data/precompute/texture-loaders.ts").then((m) => m.publishedData() as Promise<{observers: Array<{id: string; shapeBias: number; n: number}>}>));
const observer = async (id: string) => (await publishedData()).observers.find((o) => o.id === id)!;
const pct1 = (x: number) => `${(100 * x).toFixed(1)}%`;
const runs = () => json("data/precomputed/texture-runs.json").runs as Array<{settings: {size: number; widths: number[]}; bias: {n: number}}>;

/** Product of the strides of the ShapeTex network's pooling layers (its total stride). */
function shapeTexTotalStride(): number {
  const topology = json("models/shapetex/model.json").modelTopology;
  const layers = (topology.model_config ?? topology).config.layers as Array<{class_name: string; config: {strides?: number[]}}>;
  return layers.filter((l) => /Pooling2D$/.test(l.class_name) && l.config.strides).reduce((p, l) => p * l.config.strides![0], 1);
}

/** The top-k of one of the papers' networks on a 224×224 Geirhos stimulus (no resizing): [label, probability]. */
async function paperTop(id: string, stimulus: string, k: number): Promise<Array<[string, number]>> {
  const [{initTf, tf}, {loadModel}, {readImage}, {resolveAsset}, {toModelInput}] = await Promise.all([
    import("../data/node/tf.ts"), import("../data/node/zoo.ts"), import("../data/node/image-io.ts"), import("../data/assets/resolve.ts"), import("../components/image/prepare.ts")]);
  await initTf();
  const model = await loadModel(id);
  try {
    const img = readImage(await resolveAsset(`geirhos-visualisation/${stimulus}`));
    const p = tf.tidy(() => model.probabilities(toModelInput(img.data, img.width, img.height, model.inputSize)).dataSync());
    return [...p].map((v, i) => [model.labels[i], v] as [string, number]).sort((a, b) => b[1] - a[1]).slice(0, k);
  } finally {
    model.dispose();
  }
}
const ELEPHANT = /elephant|tusker/i;

const CLAIMS: Claim[] = [
  {page: "texture-vs-shape", covers: ["53.3%", "29.7%", "17.0%"], mirror: true,
    says: /African elephant ([\d.]+%), Indian elephant ([\d.]+%), tusker ([\d.]+%)/,
    data: async () => {
      const top = await paperTop("resnet-50", "cat7-elephant1_nomask.png", 3);
      assert.deepEqual(top.map(([l]) => l.split(",")[0]), ["African elephant", "Indian elephant", "tusker"]);
      return top.map(([, p]) => pct1(p));
    }},
  {page: "texture-vs-shape", covers: ["90.6%", "1.0%"], mirror: true,
    says: /trilobite ([\d.]+%), its three elephant classes at ([\d.]+%) or less/,
    data: async () => {
      const all = await paperTop("googlenet", "cat7-elephant1_nomask.png", 1000);
      assert.equal(all[0][0], "trilobite");
      const elephants = all.filter(([l]) => ELEPHANT.test(l)).map(([, p]) => p);
      assert.equal(elephants.length, 3, `GoogLeNet's elephant classes ${elephants}`);
      return [pct1(all[0][1]), pct1(Math.max(...elephants))];
    }},
  {page: "texture-vs-shape", covers: ["36.2%", "55.7%"], mirror: true,
    says: /GoogLeNet: tiger cat ([\d.]+%); ResNet-50: tabby ([\d.]+%)/,
    data: async () => {
      const [[g], [r]] = [await paperTop("googlenet", "cat7_original.png", 1), await paperTop("resnet-50", "cat7_original.png", 1)];
      assert.deepEqual([g[0].split(",")[0], r[0].split(",")[0]], ["tiger cat", "tabby"]);
      return [pct1(g[1]), pct1(r[1])];
    }},
  {page: "texture-vs-shape", covers: ["17.2%", "31.2%", "42.9%", "95.9%"], mirror: true,
    says: /VGG-16 ([\d.]+%), GoogLeNet ([\d.]+%), AlexNet ([\d.]+%), and the ten human observers pooled ([\d.]+%)/,
    data: async () => [pct1((await observer("vgg")).shapeBias), pct1((await observer("googlenet")).shapeBias), pct1((await observer("alexnet")).shapeBias), pct1((await observer("humans")).shapeBias)]},
  {page: "texture-vs-shape", covers: ["80 images"], mirror: true,
    says: /\(the (\d+) images whose two cues agree are dropped\)/,
    data: async () => [1280 - (await observer("vgg")).n]},
  {page: "texture-vs-shape", covers: [], mirror: true,
    says: /asked (\d+) people/,
    data: async () => [(await observer("humans")).n / (await observer("vgg")).n]},
  {page: "texture-vs-shape", covers: [],
    says: /dataset of (\d+) shapes filled with (\d+) textures/,
    data: () => [SHAPES.length, TEXTURES.length]},
  {page: "texture-vs-shape", covers: ["17%"],
    says: /(\d+)% = 1\/(\d+): texture carries no information/,
    data: () => [Math.round(100 * UNINFORMATIVE_AGREEMENT), SHAPES.length]},
  {page: "texture-vs-shape", covers: ["32 images"],
    says: /(\d+)\/(\d+)\/(\d+) channels, (\d+)×(\d+) images/,
    data: () => [...DEFAULT_SETTINGS.widths, DEFAULT_SETTINGS.size, DEFAULT_SETTINGS.size]},
  {page: "texture-vs-shape", covers: [],
    says: /measures its shape bias on (\d+) ShapeTex cue-conflict images \(every shape with each of the (\d+) other shapes' textures, (\d+) each\)/,
    data: () => {
      const n = new Set(runs().map((r) => r.bias.n));
      assert.equal(n.size, 1, "every reference run on the same cue-conflict set");
      return [[...n][0], SHAPES.length - 1, CUE_PER_PAIR];
    }},
  {page: "texture-vs-shape", covers: [],
    says: /of (\d+) shapes filled with \d+ textures[\s\S]*three stages of two 3×3 convolutions, (\d+)\/(\d+)\/(\d+) channels/,
    data: () => {
      const widths = new Set(runs().map((r) => r.settings.widths.join("/")));
      assert.equal(widths.size, 1);
      return [SHAPES.length, ...[...widths][0].split("/").map(Number)];
    }},
  {page: "shifts", covers: [],
    says: /test images \(seed (\d+)\)/,
    data: () => [SHAPETEX_SHIFT_SEED]},
  {page: "shifts", covers: [],
    says: /total stride of (\d+)/,
    data: () => [shapeTexTotalStride()]},
  {page: "models", covers: ["14 photos"],
    says: /We ran both on our (\d+) sample photos[\s\S]*agreed on all (\d+) photos/,
    data: () => [REFERENCE_PHOTOS.length, REFERENCE_PHOTOS.length]},
  // the three largest probability differences are checked where they are measured (it takes
  // the TFLite runtime): test/tflite-reference.test.ts compares each with its network's check
  {page: "models", covers: ["0.055", "0.028", "0.058"], checkedIn: "tflite-reference.test.ts",
    says: /was ([\d.]+) \(v2 1\.0\), ([\d.]+) \(v1 0\.75\/192\) and ([\d.]+) \(v1 0\.25\/128\)/,
    data: () => []},
];

test("every hand-typed number that looks like a measurement is computed, checked or sourced", () => {
  const unexplained: string[] = [];
  for (const p of PAGES) {
    const prose = bodyOf(page(p));
    const covered = new Set([...Object.keys(NOT_OUR_DATA[p]), ...CLAIMS.filter((c) => c.page === p).flatMap((c) => c.covers)]);
    for (const n of measuredLookingNumbers(prose)) if (!covered.has(n)) unexplained.push(`${p}.md: "${n}" in "…${around(prose, n)}…"`);
  }
  assert.deepEqual(unexplained, [], "compute these on the page from its data, or list them in test/prose-numbers.test.ts");
});

test("the lists above hold no stale entries", () => {
  for (const p of PAGES) {
    const found = new Set(measuredLookingNumbers(bodyOf(page(p))));
    for (const n of [...Object.keys(NOT_OUR_DATA[p]), ...CLAIMS.filter((c) => c.page === p).flatMap((c) => c.covers)]) assert.ok(found.has(n), `${p}.md no longer says "${n}": drop it from the list`);
  }
});

for (const claim of CLAIMS) {
  test(`${claim.page}.md: ${claim.says.source.slice(0, 60)}…`, {skip: claim.mirror ? needsMirror : false}, async (t) => {
    if (claim.mirror && !requireMirror(t)) return;
    // the raw page: a hand-typed number inside a computed sentence's template is still typed by hand
    const m = claim.says.exec(page(claim.page));
    assert.ok(m, `${claim.page}.md no longer says ${claim.says}`);
    if (claim.checkedIn) {
      assert.match(readFileSync(new URL(`./${claim.checkedIn}`, import.meta.url), "utf8"), new RegExp(`${claim.page}\\.md`), `${claim.checkedIn} reads ${claim.page}.md`);
      return;
    }
    assert.deepEqual(m.slice(1).map(String), (await claim.data()).map(String));
  });
}

test("feature-visualization.md: 'does not simply grow with depth' holds for the ShapeTex CNN", async () => {
  assert.match(bodyOf(page("feature-visualization")), /does not simply grow with depth/);
  const {histogramsJson} = await import("../data/precompute/loaders.ts");
  const s = sparsity(JSON.parse(await histogramsJson("shapetex")));
  assert.ok(s.layers.length >= 3 && s.rises < s.layers.length - 1, `zero fractions ${s.layers.map((l) => l.fractionZero)}`);
});

test("feature-visualization.md: Tiny Darknet's leaky ReLUs leave no exact zeros", {skip: needsMirror}, async (t) => {
  if (!requireMirror(t)) return;
  assert.match(bodyOf(page("feature-visualization")), /Tiny Darknet's layers are leaky ReLUs .* no spike at zero/);
  const {histogramsJson} = await import("../data/precompute/loaders.ts");
  const s = sparsity(JSON.parse(await histogramsJson("tiny-darknet")));
  assert.ok(s.layers.length > 0);
  assert.equal(s.sparsest!.fractionZero, 0);
});

test("texture-vs-shape.md: 'Humans sit at the right for every category' holds in the paper's raw data", {skip: needsMirror}, async (t) => {
  if (!requireMirror(t)) return;
  assert.match(bodyOf(page("texture-vs-shape")), /Humans sit at the right for every category/);
  const humans = (await publishedData()).observers.find((o) => o.id === "humans") as unknown as {categories: Array<{category: string; shapeBias: number}>};
  assert.equal(humans.categories.length, 16);
  for (const c of humans.categories) assert.ok(c.shapeBias > 0.5, `humans on ${c.category}: ${c.shapeBias}`);
});
