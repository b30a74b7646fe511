// The committed class-visualization gallery (data/precomputed/classvis-gallery-*.json): a
// ShapeTex class re-rendered in Node gives the same bytes; every listed class is there, in order,
// with the network's top-1 on the stored image (re-checked by classifying the stored image
// again); the files stay small; the page's sentence counts what the data says.
import {test} from "node:test";
import assert from "node:assert/strict";
import {existsSync, readFileSync, statSync} from "node:fs";
import {requireMirror} from "./helpers/mirror.ts";
import {initTf} from "../data/node/tf.ts";
import {loadModel} from "../data/node/zoo.ts";
import {decodeImage} from "../data/node/image-io.ts";
import {committedPath} from "../data/precompute/committed.ts";
import {classifyRGBA} from "../components/classvis/classvis.ts";
import {CATEGORY_INDICES} from "../components/texture-bias/category-table.ts";
import {GALLERY_IMAGENET_NETWORK, GALLERY_SHAPETEX_NETWORK, IMAGENET_GALLERY, PAPER_GALLERY, PAPER_GALLERY_NETWORKS, galleryClasses, galleryKey, galleryPartJson, renderGalleryClass, type ClassVisGallery} from "../data/precompute/classvis-gallery.ts";
import {gallerySentence, ownClassCount} from "../components/chapters/optimizing-the-input/classvis-gallery.ts";

const tf = await initTf();

function committed(id: string): ClassVisGallery {
  const file = committedPath("classvis-gallery", id);
  assert.ok(existsSync(file), `${file} is committed (npm run precompute -- classvis-gallery)`);
  return JSON.parse(readFileSync(file, "utf8"));
}

const decoded = (dataUrl: string) => decodeImage(Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64"));

/** Every render: its stored image decodes at the render's size, and the stored top-1 is what the model says of it now. */
async function checkClassified(g: ClassVisGallery): Promise<void> {
  const model = await loadModel(g.model.id);
  try {
    const before = tf.memory().numTensors;
    for (const r of g.renders) {
      const img = decoded(r.image);
      assert.deepEqual([img.width, img.height], [r.width, r.height], r.label);
      const again = await classifyRGBA(model, {width: img.width, height: img.height, data: new Uint8ClampedArray(img.data)}, r.class);
      assert.equal(again.top1.index, r.top1.index, `${r.label}: top-1`);
      assert.equal(again.top1.label, r.top1.label);
      assert.ok(Math.abs(again.top1.probability - r.top1.probability) < 1e-4, `${r.label}: p ${again.top1.probability} vs ${r.top1.probability}`);
      assert.ok(Math.abs(again.probability - r.probability) < 1e-4, `${r.label}: P(class)`);
      assert.equal(r.label, model.labels[r.class]);
    }
    assert.equal(tf.memory().numTensors, before, "no tensor leaked");
  } finally {
    model.dispose();
  }
}

test("ShapeTex: the committed gallery holds the six shapes, its key is current, and the build uses it as committed", async () => {
  const g = committed(GALLERY_SHAPETEX_NETWORK);
  assert.equal(g.key, await galleryKey("shapetex"));
  assert.deepEqual(g.renders.map((r) => r.category), ["circle", "square", "triangle", "star", "cross", "heart"]);
  assert.deepEqual(g.renders.map((r) => r.class), [0, 1, 2, 3, 4, 5]);
  assert.ok(g.renders.every((r) => r.image.startsWith("data:image/png;base64,") && r.steps === g.settings.render.steps));
  assert.deepEqual(await galleryPartJson("shapetex"), g);
  await checkClassified(g);
  // the chapter says every ShapeTex shape renders into an image classified as that shape
  assert.equal(ownClassCount(g), 6);
  assert.match(gallerySentence(g), /^ShapeTex CNN classifies all 6 renders as the class they were made for, with a probability of at least \d+\.\d%\.$/);
});

test("ShapeTex: re-rendering the star in Node gives the committed pixels, byte for byte", async () => {
  const g = committed(GALLERY_SHAPETEX_NETWORK);
  const model = await loadModel(GALLERY_SHAPETEX_NETWORK);
  try {
    const c = galleryClasses("shapetex", model).find((x) => x.category === "star")!;
    const before = tf.memory().numTensors;
    const r = await renderGalleryClass("shapetex", model, c);
    assert.equal(tf.memory().numTensors, before, "no tensor leaked");
    const stored = g.renders.find((x) => x.category === "star")!;
    assert.deepEqual(decoded(r.image).data, decoded(stored.image).data, "pixels");
    assert.equal(r.image, stored.image, "PNG bytes");
    assert.deepEqual({...r, seconds: 0}, {...stored, seconds: 0});
  } finally {
    model.dispose();
  }
});

test("ImageNet: the list is the seed's dumbbell and one class per Geirhos category, each in its category", () => {
  assert.deepEqual(IMAGENET_GALLERY.map((c) => c.category), ["dumbbell", ...Object.keys(CATEGORY_INDICES)]);
  assert.equal(Object.keys(CATEGORY_INDICES).length, 16);
  for (const c of IMAGENET_GALLERY.slice(1)) assert.ok(CATEGORY_INDICES[c.category].includes(c.standardIndex), c.category);
});

test("ImageNet: the committed gallery has every listed class, classified as stored; the files are small", async () => {
  const g = committed(GALLERY_IMAGENET_NETWORK);
  assert.equal(g.model.id, GALLERY_IMAGENET_NETWORK);
  assert.deepEqual(g.renders.map((r) => [r.category, r.standardIndex]), IMAGENET_GALLERY.map((c) => [c.category, c.standardIndex]));
  assert.ok(g.renders.every((r) => r.image.startsWith("data:image/jpeg;base64,") && r.width === 224 && r.steps === g.settings.render.steps));
  const bytes = statSync(committedPath("classvis-gallery", GALLERY_IMAGENET_NETWORK)).size + statSync(committedPath("classvis-gallery", GALLERY_SHAPETEX_NETWORK)).size;
  assert.ok(bytes < 1.5e6, `${bytes} bytes committed`);
  const own = ownClassCount(g);
  assert.equal(g.renders.length, 17);
  assert.ok(gallerySentence(g).startsWith(own === 17 ? `${g.model.name} classifies all 17 renders` : `${g.model.name} classifies ${own} of its 17 renders`), gallerySentence(g));
  console.error(`${g.model.name} gallery: ${own} of ${g.renders.length} renders top-1 their own class; ${bytes} bytes committed`);
});

test("ImageNet (mirror): the committed key is current, and the network classifies each stored image as recorded", {timeout: 600_000}, async (t) => {
  if (!requireMirror(t)) return;
  const g = committed(GALLERY_IMAGENET_NETWORK);
  assert.equal(g.key, await galleryKey("imagenet"));
  const model = await loadModel(GALLERY_IMAGENET_NETWORK);
  try {
    assert.deepEqual(galleryClasses("imagenet", model).map((c) => c.class), g.renders.map((r) => r.class));
  } finally {
    model.dispose();
  }
  await checkClassified(g);
});

test("the papers' networks: each committed gallery holds the dumbbell, robin, tabby and African elephant as 224-px JPEGs", () => {
  assert.deepEqual(PAPER_GALLERY.map((c) => c.standardIndex), [543, 15, 281, 386]);
  for (const id of PAPER_GALLERY_NETWORKS) {
    const g = committed(id);
    assert.equal(g.model.id, id);
    assert.equal(g.part, id);
    assert.deepEqual(g.renders.map((r) => [r.category, r.standardIndex]), PAPER_GALLERY.map((c) => [c.category, c.standardIndex]));
    assert.ok(g.renders.every((r) => r.image.startsWith("data:image/jpeg;base64,") && r.width === 224 && r.steps === g.settings.render.steps), id);
    assert.ok(statSync(committedPath("classvis-gallery", id)).size < 150e3, `${id}: the file stays small`);
    const own = ownClassCount(g);
    assert.ok(gallerySentence(g).startsWith(own === 4 ? `${g.model.name} classifies all 4 renders` : `${g.model.name} classifies ${own} of its 4 renders`), gallerySentence(g));
    console.error(`${g.model.name} gallery: ${own} of ${g.renders.length} renders top-1 their own class; ${g.renders.map((r) => `${r.label} ${r.seconds} s`).join(", ")}`);
  }
});

for (const id of PAPER_GALLERY_NETWORKS) {
  test(`${id} (mirror): the committed key is current, and the network classifies each stored image as recorded`, {timeout: 600_000}, async (t) => {
    if (!requireMirror(t)) return;
    const g = committed(id);
    assert.equal(g.key, await galleryKey(id));
    await checkClassified(g);
  });
}
