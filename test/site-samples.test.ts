// Build-time sample images: area downscaling, the generated ShapeTex samples, the "missing" marker.
import {test} from "node:test";
import assert from "node:assert/strict";
import {centerCrop, fitWithin, resizeArea} from "../data/site/image-ops.ts";
import {shapeTexSamples} from "../data/site/samples.ts";
import {packMissingModel, readMissingModel} from "../components/site/missing-model.ts";
import {SHAPES} from "../components/datasets/shapetex.ts";

test("area resize averages exactly the covered pixels", () => {
  // 4x2 image: left 2x2 block black, right 2x2 block white -> 2x1: [0, 255]
  const d = new Uint8ClampedArray(4 * 2 * 4);
  for (let y = 0; y < 2; y++) for (let x = 2; x < 4; x++) d.set([255, 255, 255, 255], (y * 4 + x) * 4);
  for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) d[(y * 4 + x) * 4 + 3] = 255;
  const r = resizeArea({width: 4, height: 2, data: d}, 2, 1);
  assert.deepEqual([...r.data], [0, 0, 0, 255, 255, 255, 255, 255]);
  // 3 -> 2: the middle pixel is split half and half
  const row = new Uint8ClampedArray([0, 0, 0, 255, 90, 90, 90, 255, 180, 180, 180, 255]);
  assert.deepEqual([...resizeArea({width: 3, height: 1, data: row}, 2, 1).data], [30, 30, 30, 255, 150, 150, 150, 255]);
  const big = {width: 600, height: 400, data: new Uint8ClampedArray(600 * 400 * 4)};
  const fitted = fitWithin(centerCrop(big), 224);
  assert.deepEqual([fitted.width, fitted.height], [224, 224]);
});

test("ShapeTex samples: one per shape with its partner texture, plus cue conflicts, reproducibly", () => {
  const a = shapeTexSamples(32), b = shapeTexSamples(32);
  assert.deepEqual(a.map((s) => s.src), b.map((s) => s.src), "same seeds, same images");
  assert.deepEqual(a.slice(0, SHAPES.length).map((s) => s.label), [...SHAPES]);
  assert.ok(a.slice(SHAPES.length).every((s) => s.title.includes("cue conflict")));
  assert.ok(a.every((s) => s.src.startsWith("data:image/png;base64,") && s.width === 32));
});

test("the missing-model marker round-trips and is never mistaken for a packed model", () => {
  const m = packMissingModel("tiny-darknet", "ASSET_MIRROR not set");
  assert.deepEqual(readMissingModel(m), {id: "tiny-darknet", reason: "ASSET_MIRROR not set"});
  assert.equal(readMissingModel(new TextEncoder().encode("ZOO1\0\0\0\0")), null);
});
