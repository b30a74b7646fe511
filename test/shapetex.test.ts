// ShapeTex, the project's procedural dataset, and the seeded PRNG under it.
import {test} from "node:test";
import assert from "node:assert/strict";
import {makeRng, deriveSeed} from "../components/random.ts";
import {
  SHAPES, TEXTURES, UNINFORMATIVE_AGREEMENT, makeShapeTexBatch, makeCueConflictBatch, renderCueConflict, sampleShapeTex,
} from "../components/datasets/shapetex.ts";

const share = (xs: ArrayLike<number>, pred: (i: number) => boolean) => {
  let k = 0;
  for (let i = 0; i < xs.length; i++) if (pred(i)) k++;
  return k / xs.length;
};

test("makeRng: same seed, same stream; values in range; shuffle is a permutation", () => {
  const a = makeRng(42), b = makeRng(42), c = makeRng(43);
  const sa = Array.from({length: 100}, () => a.next()), sb = Array.from({length: 100}, () => b.next());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, Array.from({length: 100}, () => c.next()));
  assert.ok(sa.every((v) => v >= 0 && v < 1));
  const r = makeRng(7);
  const ints = Array.from({length: 5000}, () => r.int(6));
  assert.ok(ints.every((v) => Number.isInteger(v) && v >= 0 && v < 6));
  const normals = Array.from({length: 20000}, () => r.normal());
  const mean = normals.reduce((s, v) => s + v, 0) / normals.length;
  const sd = Math.sqrt(normals.reduce((s, v) => s + (v - mean) ** 2, 0) / normals.length);
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(sd - 1) < 0.03, `normal mean ${mean} sd ${sd}`);
  const perm = r.shuffle(Array.from({length: 50}, (_, i) => i));
  assert.deepEqual([...perm].sort((x, y) => x - y), Array.from({length: 50}, (_, i) => i));
  assert.notEqual(deriveSeed(1, 2, 3), deriveSeed(1, 3, 2));
});

test("same seed gives identical images and labels; another seed gives others", () => {
  const a = makeShapeTexBatch(11, 40), b = makeShapeTexBatch(11, 40), c = makeShapeTexBatch(12, 40);
  assert.deepEqual(a.images, b.images);
  assert.deepEqual(a.shapes, b.shapes);
  assert.deepEqual(a.textures, b.textures);
  assert.equal(a.images.length, 40 * 32 * 32 * 3);
  let differing = 0;
  for (let i = 0; i < a.images.length; i++) if (a.images[i] !== c.images[i]) differing++;
  assert.ok(differing > a.images.length / 2, `only ${differing} values differ`);
});

test("pixels are finite and in [0, 1], at any size, and images are not flat", () => {
  for (const size of [16, 32, 64]) {
    const {images} = makeShapeTexBatch(3, 12, {size});
    assert.equal(images.length, 12 * size * size * 3);
    let lo = Infinity, hi = -Infinity;
    for (const v of images) {
      assert.ok(Number.isFinite(v));
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    assert.ok(lo >= 0 && hi <= 1, `range [${lo}, ${hi}]`);
    assert.ok(hi - lo > 0.5, `contrast ${hi - lo}`);
  }
});

test("classes are balanced over 2000 samples", () => {
  const rng = makeRng(5);
  const shapes = Array.from({length: 2000}, () => sampleShapeTex(rng, {size: 16}).shape);
  for (let s = 0; s < SHAPES.length; s++) {
    const p = share(shapes, (i) => shapes[i] === s);
    assert.ok(Math.abs(p - 1 / SHAPES.length) < 0.03, `${SHAPES[s]}: ${p}`);
  }
  // batches are stratified: every class exactly n / classes times
  const batch = makeShapeTexBatch(6, 600, {size: 8});
  for (let s = 0; s < SHAPES.length; s++) assert.equal(share(batch.shapes, (i) => batch.shapes[i] === s), 1 / SHAPES.length);
});

test("the textureAgreement knob is honoured", () => {
  const agree = (p: number) => {
    const b = makeShapeTexBatch(21, 2000, {size: 8, textureAgreement: p});
    return {b, rate: share(b.shapes, (i) => b.shapes[i] === b.textures[i])};
  };
  assert.equal(agree(0).rate, 0);
  assert.equal(agree(1).rate, 1);
  const {rate} = agree(0.3);
  assert.ok(Math.abs(rate - 0.3) < 0.03, `agreement ${rate} at 0.3`);
  // at 1/classes the texture is independent of the shape: every texture about equally common
  const {b} = agree(UNINFORMATIVE_AGREEMENT);
  for (let t = 0; t < TEXTURES.length; t++) {
    const p = share(b.textures, (i) => b.textures[i] === t);
    assert.ok(Math.abs(p - 1 / TEXTURES.length) < 0.03, `${TEXTURES[t]}: ${p}`);
  }
});

test("cue-conflict renderer: the shape sets the silhouette, the texture only its inside", () => {
  const seed = 99, size = 32;
  // pixels that change when only the texture changes = the shape's interior
  const interior = (shape: number) => {
    const base = renderCueConflict(shape, (shape + 1) % TEXTURES.length, seed, {size});
    const mask = new Uint8Array(size * size);
    for (let t = 0; t < TEXTURES.length; t++) {
      const img = renderCueConflict(shape, t, seed, {size});
      for (let p = 0; p < size * size; p++) {
        if (Math.abs(img[3 * p] - base[3 * p]) + Math.abs(img[3 * p + 1] - base[3 * p + 1]) + Math.abs(img[3 * p + 2] - base[3 * p + 2]) > 1e-6) mask[p] = 1;
      }
    }
    return mask;
  };
  const masks = SHAPES.map((_, s) => interior(s));
  for (const [s, m] of masks.entries()) {
    const area = share(m, (p) => m[p] === 1);
    assert.ok(area > 0.08 && area < 0.7, `${SHAPES[s]} covers ${area}`); // a figure on a ground
  }
  // different shapes, different silhouettes (same seed, so same position, scale and colours)
  for (let a = 0; a < SHAPES.length; a++) {
    for (let b = a + 1; b < SHAPES.length; b++) {
      const diff = share(masks[a], (p) => masks[a][p] !== masks[b][p]);
      assert.ok(diff > 0.03, `${SHAPES[a]} vs ${SHAPES[b]} silhouettes differ on only ${diff}`);
    }
  }
  // the batch version labels every off-partner pair
  const cue = makeCueConflictBatch(5, 2, {size: 8});
  assert.equal(cue.shapes.length, SHAPES.length * (TEXTURES.length - 1) * 2);
  assert.ok(cue.shapes.every((s, i) => s !== cue.textures[i]));
});

test("a batch drawn in slices (the page's way) is the batch drawn at once", async () => {
  const {makeShapeTexBatchSliced} = await import("../components/datasets/shapetex.ts");
  let pauses = 0;
  for (const opts of [{size: 24, textureAgreement: 0.3}, {size: 16}]) {
    const whole = makeShapeTexBatch(41, 10, opts);
    const sliced = await makeShapeTexBatchSliced(41, 10, opts, async () => void pauses++, 4);
    assert.deepEqual(sliced, whole);
  }
  assert.equal(pauses, 4, "a pause after images 4 and 8 of each batch of 10");
});
