// The texture-vs-shape chapter's data shaping (components/chapters/texture-vs-shape/chapter-data.ts), the
// gallery's mark counts, and its embed registry entries: checked on the committed precomputed
// evaluations (no asset mirror needed) and small hand-made records.
import {test} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import {biasRows, catImages, categorySeries, leftOutNotes, measuredNote, precomputedAnswers, stimuliNote, type EvaluationJson, type PublishedJson, type RunsJson, type StimuliJson} from "../components/chapters/texture-vs-shape/chapter-data.ts";
import {countMarks} from "../components/chapters/texture-vs-shape/gallery.ts";
import {TEXTURE_EMBEDS} from "../components/chapters/texture-vs-shape/embeds.ts";
import {listNames} from "../components/ui/url-state.ts";

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;
const evaluations = ["mobilenet-v1-0.25", "tiny-darknet"].map((id) => readJson<EvaluationJson>(`data/precomputed/texture-evaluation-${id}.json`));
const runs = readJson<RunsJson>("data/precomputed/texture-runs.json");
const missing: EvaluationJson = {model: "mobilenet-v2-1.0", missing: "no asset mirror", shapeBias: NaN, shape: 0, texture: 0, other: 0, n: 0, categories: [], decisions: []};
const published: PublishedJson = {observers: [
  {id: "humans", name: "humans", shapeBias: 0.959, shape: 9236, texture: 398, n: 12000, categories: [{category: "cat", shapeBias: 1, n: 75}]},
  {id: "vgg16", name: "VGG-16", shapeBias: 0.172, shape: 130, texture: 625, n: 1200, categories: [{category: "cat", shapeBias: 0.1, n: 75}]},
]};
const img = (id: string, shape: string, texture: string) => ({id, shape, texture, src: `data:${id}`});
const stimuli: StimuliJson = {
  stimuli: [img("cat/cat1-elephant1.png", "cat", "elephant"), img("cat/cat2-cat3.png", "cat", "cat"), img("dog/dog1-clock2.png", "dog", "clock")],
  examples: ["elephant1", "cat7-elephant1_nomask", "cat7_original", "cat7_edge"].map((id) => ({...img(id, "cat", "cat"), name: `${id}.png`, title: id})),
  categories: ["cat", "dog"], total: 1280, license: "CC BY 4.0",
};

test("precomputed answers: every measured network's top-5 and decision on the paper's example images", () => {
  const answers = precomputedAnswers([...evaluations, missing]);
  assert.deepEqual([...answers.keys()], ["mobilenet-v1-0.25", "tiny-darknet"], "a network left out of the build has no answers");
  for (const [id, {name, answers: byImage}] of answers) {
    assert.ok(name.length > 0);
    const conflict = byImage.get("cat7-elephant1_nomask");
    assert.ok(conflict, `${id} answered the cue-conflict cat`);
    assert.equal(conflict.top.length, 5);
    assert.equal(conflict.category, "elephant", `${id} says elephant`);
    assert.equal(byImage.get("cat7_original")?.category, "cat");
  }
});

test("the cat figure shows the paper's three images in the paper's order", () => {
  assert.deepEqual(catImages(stimuli).map((e) => e.id), ["cat7_original", "elephant1", "cat7-elephant1_nomask"]);
  assert.deepEqual(catImages({...stimuli, examples: []}), []);
});

test("bias rows: the paper's observers quoted, our networks measured, two ShapeTex runs", () => {
  const rows = biasRows(published, [...evaluations, missing], runs);
  assert.deepEqual(rows.map((r) => [r.name, r.source, r.group]), [
    ["Humans (Geirhos et al.)", "quoted", "humans"],
    ["VGG-16 (Geirhos et al.)", "quoted", "published CNNs"],
    ["MobileNet v1 0.25 (measured here)", "measured", "ImageNet CNNs (measured here)"],
    ["Tiny Darknet (measured here)", "measured", "ImageNet CNNs (measured here)"],
    ["ShapeTex CNN, texture always agrees", "measured", "ShapeTex runs"],
    ["ShapeTex CNN, texture-randomized (“stylized”)", "measured", "ShapeTex runs"],
  ]);
  assert.equal(rows[2].shapeBias, evaluations[0].shapeBias);
  assert.deepEqual(biasRows({missing: "no mirror"}, [missing], {missing: "no mirror"}), []);
});

test("category series and the notes say what is measured and what is left out", () => {
  assert.deepEqual(categorySeries(published, evaluations).map((s) => [s.name, s.group, s.categories.length]), [
    ["Humans", "humans", 1], ["VGG-16", "published CNNs", 1],
    ["MobileNet v1 0.25", "ImageNet CNNs (measured here)", 16], ["Tiny Darknet", "ImageNet CNNs (measured here)", 16],
  ]);
  const notes = leftOutNotes({models: [{id: "x", name: "X net", kind: "imagenet", available: false, reason: "not in the mirror"}], evaluations: [missing], published: {missing: "no raw data"}, stimuli: {...stimuli, missing: "no stimuli"}});
  assert.deepEqual(notes, ["X net: not in the mirror", "evaluation of mobilenet-v2-1.0: no asset mirror", "the paper's raw data: no raw data", "the stimuli: no stimuli"]);
  assert.match(stimuliNote(stimuli), /has 3 of the paper's 1280 .* these 3 images, 2 of which have conflicting cues/);
  assert.match(stimuliNote({...stimuli, missing: "x"}), /not in this copy of the site/);
  assert.match(measuredNote(evaluations), /^Measured here, shape bias with its 95% Wilson interval: MobileNet v1 0\.25 16% \(95% CI 8–31%, n = 37 shape-or-texture decisions\), 36 of 73 images named neither cue/);
  assert.match(measuredNote([missing]), /No ImageNet network/);
});

test("gallery marks are counted per category and per network", () => {
  const models = [
    {id: "a", name: "A", decisions: new Map([["cat/cat1-elephant1.png", "elephant"], ["cat/cat2-cat3.png", "cat"], ["dog/dog1-clock2.png", "dog"]])},
    {id: "b", name: "B", decisions: new Map([["cat/cat1-elephant1.png", "cat"], ["dog/dog1-clock2.png", "bird"]])},
  ];
  const all = countMarks(stimuli.stimuli, models);
  assert.deepEqual(all.total, {shape: 2, texture: 1, other: 2}, "agreeing cues count as ·, like a decision for neither");
  assert.deepEqual(all.byModel, [{model: "a", shape: 1, texture: 1, other: 1}, {model: "b", shape: 1, texture: 0, other: 1}]);
  assert.deepEqual(countMarks(stimuli.stimuli, models, "dog").total, {shape: 1, texture: 0, other: 1});
  assert.deepEqual(countMarks(stimuli.stimuli, models, "bear").total, {shape: 0, texture: 0, other: 0});
});

test("every texture embed has its page, and its keys name only its own parameters", () => {
  const keys = new Map([
    ["texture-cat", ["cat.model"]], ["texture-gallery", ["category"]], ["texture-shape-bias", []], ["texture-category-bias", []],
    ["texture-transforms", ["transforms.model", "transforms.image", "transforms.sigma"]],
    ["texture-training", ["train.agreement", "train.randomization", "train.jitter", "train.crop", "train.steps", "train.seed"]],
  ]);
  assert.deepEqual(TEXTURE_EMBEDS.map((e) => e.widget), [...keys.keys()]);
  const everyKey = [...keys.values()].flat();
  for (const e of TEXTURE_EMBEDS) {
    assert.ok(fs.existsSync(`src/embed/${e.widget}.md`), `src/embed/${e.widget}.md`);
    assert.equal(e.chapter.path, "/texture-vs-shape");
    const mine = everyKey.filter((k) => listNames(e.keys.join(","), k));
    assert.deepEqual(mine, keys.get(e.widget), `${e.widget}'s keys`);
  }
});
