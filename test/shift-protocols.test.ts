// The shift protocols move the image by exactly one pixel per step, and nothing else changes.
import {test} from "node:test";
import assert from "node:assert/strict";
import {blankImage, cropRgb, resizeRgb, type RgbImage} from "../components/shift/image.ts";
import {harmonicInpaint} from "../components/shift/inpaint.ts";
import {defaultGeometry, shiftedBatch, shiftedView, shiftSource, windowOrigin, type ShiftGeometry} from "../components/shift/protocols.ts";

/** A w x h image whose red channel encodes x and green encodes y, so positions can be read back. */
function coordImage(w: number, h: number): RgbImage {
  const img = blankImage(w, h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data.set([(x + 1) / (w + 1), (y + 1) / (h + 1), 1], (y * w + x) * 3);
  return img;
}

const px = (img: RgbImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

/** Top-left pixel of the embedded image (the first pixel with blue = 1). */
function findInner(img: RgbImage): [number, number] {
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (img.data[(y * img.width + x) * 3 + 2] === 1) return [x, y];
  return [-1, -1];
}

const g: ShiftGeometry = {canvas: [40, 40], inner: [16, 16], maxShift: 8, direction: "diagonal"};

test("black: the embedded image moves by (k, k) and the background stays black", () => {
  const s = shiftSource(coordImage(16, 16), "black", g);
  const [x0, y0] = findInner(shiftedView(s, 0));
  for (const k of [1, 2, 5, 8]) {
    const v = shiftedView(s, k);
    assert.deepEqual(findInner(v), [x0 + k, y0 + k], `shift ${k}`);
    assert.deepEqual(px(v, x0 + k, y0 + k), px(shiftedView(s, 0), x0, y0));
    assert.deepEqual(px(v, 0, 0), [0, 0, 0]);
  }
  // centred at the middle of the sweep
  const mid = findInner(shiftedView(s, 4));
  assert.deepEqual(mid, [12, 12]);
});

test("x and y directions move along one axis only", () => {
  for (const [direction, d] of [["x", [1, 0]], ["y", [0, 1]]] as const) {
    const s = shiftSource(coordImage(16, 16), "black", {...g, direction});
    const [x0, y0] = findInner(shiftedView(s, 0));
    assert.deepEqual(findInner(shiftedView(s, 3)), [x0 + 3 * d[0], y0 + 3 * d[1]], direction);
  }
});

test("crop: windows of one larger image, one pixel apart", () => {
  const big = coordImage(48, 48);
  const s = shiftSource(big, "crop", g);
  assert.equal(s.image.width, 48);
  const a = shiftedView(s, 0), b = shiftedView(s, 1);
  // content moved right and down by one: b(x+1, y+1) == a(x, y)
  for (const [x, y] of [[0, 0], [10, 20], [38, 38]]) assert.deepEqual(px(b, x + 1, y + 1), px(a, x, y));
  // a source smaller than canvas + shifts is scaled up to cover it
  const small = shiftSource(coordImage(20, 30), "crop", g);
  assert.deepEqual([small.image.width, small.image.height], [48, 48]);
});

test("inpaint: known pixels are kept, the fill stays within their range and is smooth", () => {
  const s = shiftSource(coordImage(16, 16), "inpaint", g);
  const black = shiftSource(coordImage(16, 16), "black", g);
  let kept = 0;
  for (let i = 0; i < black.image.data.length; i += 3) {
    if (black.image.data[i + 2] === 1) {
      assert.deepEqual(Array.from(s.image.data.subarray(i, i + 3)), Array.from(black.image.data.subarray(i, i + 3)));
      kept++;
    }
  }
  assert.equal(kept, 16 * 16);
  // maximum principle: a harmonic fill never leaves the range of the boundary values
  for (let i = 0; i < s.image.data.length; i += 3) {
    assert.ok(s.image.data[i] >= 1 / 17 - 1e-6 && s.image.data[i] <= 16 / 17 + 1e-6);
    assert.ok(Math.abs(s.image.data[i + 2] - 1) < 1e-6, "a constant channel is filled with that constant");
  }
  // no black frame left: the corner continues the nearest image corner's colour
  assert.ok(px(s.image, 0, 0)[0] < 0.3 && px(s.image, s.image.width - 1, 0)[0] > 0.7);
});

test("harmonic inpainting solves Laplace's equation: each filled pixel is close to its neighbours' mean", () => {
  const img = blankImage(33, 33), known = new Uint8Array(33 * 33);
  for (let x = 0; x < 33; x++) (known[x] = 1, img.data.set([1, 1, 1], x * 3)); // a white top row, black bottom row
  for (let x = 0; x < 33; x++) known[32 * 33 + x] = 1;
  const out = harmonicInpaint(img, known);
  // between two constant rows with reflecting sides the solution is the linear ramp 1 - y/32
  for (const y of [8, 16, 24]) assert.ok(Math.abs(px(out, 16, y)[0] - (1 - y / 32)) < 0.02, `row ${y}: ${px(out, 16, y)[0]}`);
  assert.throws(() => harmonicInpaint(img, new Uint8Array(33 * 33)), /mask is empty/);
});

test("the batch holds every view in order; geometry defaults follow the paper and the fully convolutional nets", () => {
  const s = shiftSource(coordImage(16, 16), "black", g);
  const batch = shiftedBatch(s, [0, 3]);
  assert.equal(batch.length, 2 * 40 * 40 * 3);
  assert.deepEqual(Array.from(batch.subarray(40 * 40 * 3)), Array.from(shiftedView(s, 3).data));
  assert.deepEqual(defaultGeometry([224, 224], false, 32), {canvas: [224, 224], inner: [100, 100], maxShift: 32, direction: "diagonal"});
  assert.deepEqual(defaultGeometry([32, 32], true, 16, "x").canvas, [64, 64]);
  assert.deepEqual(windowOrigin(g, 0), [8, 8]);
  assert.throws(() => shiftSource(coordImage(4, 4), "sideways" as never, g), /unknown protocol/);
});

test("resize: box-averages big reductions, keeps constants, and crop checks bounds", () => {
  const stripes = blankImage(64, 64);
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x += 2) stripes.data.set([1, 1, 1], (y * 64 + x) * 3);
  const small = resizeRgb(stripes, 8, 8);
  for (let i = 0; i < small.data.length; i++) assert.ok(Math.abs(small.data[i] - 0.5) < 1e-6, "1-px stripes average to grey, no aliasing");
  assert.throws(() => cropRgb(stripes, 60, 0, 8, 8), /outside/);
});
