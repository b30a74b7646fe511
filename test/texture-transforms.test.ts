// The paper's other stimulus transforms on synthetic images: grayscale keeps luminance,
// silhouette fills the object black (holes included) on white, texture patch keeps local
// colours and destroys the global shape.
import {test} from "node:test";
import assert from "node:assert/strict";
import {grayscale, luminance} from "../components/image/grayscale.ts";
import {silhouette, otsuThreshold} from "../components/image/silhouette.ts";
import {texturePatch} from "../components/image/texture-patch.ts";

function image(w: number, h: number, f: (x: number, y: number) => [number, number, number, number?]) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const [r, g, b, a = 255] = f(x, y);
    data.set([r, g, b, a], 4 * (y * w + x));
  }
  return {width: w, height: h, data};
}

test("grayscale: rgb2gray's weights, equal channels, transparency over white", () => {
  const img = image(3, 1, (x) => (x === 0 ? [255, 0, 0] : x === 1 ? [0, 255, 0] : [0, 0, 255, 0]));
  const g = grayscale(img);
  assert.deepEqual([...g.data.subarray(0, 4)], [54, 54, 54, 255]); // 0.2125 * 255
  assert.deepEqual([...g.data.subarray(4, 8)], [182, 182, 182, 255]); // 0.7154 * 255
  assert.equal(g.data[8], 255, "fully transparent is white");
  assert.ok(Math.abs(luminance(img).data[1] - 0.7154) < 1e-6);
});

test("Otsu splits a two-level image between its levels", () => {
  const t = otsuThreshold([...Array(50).fill(0.2), ...Array(50).fill(0.7)]);
  assert.ok(t > 0.2 && t < 0.7, String(t));
});

test("silhouette: a ring on a light background becomes a filled black disc", () => {
  const n = 48, c = 24;
  const ring = image(n, n, (x, y) => {
    const r = Math.hypot(x - c, y - c);
    return r < 16 && r > 10 ? [120, 60, 20] : [230, 230, 220];
  });
  const s = silhouette(ring);
  const at = (x: number, y: number) => s.data[4 * (y * n + x)];
  assert.equal(at(c, c), 0, "the hole in the ring is filled");
  assert.equal(at(c + 13, c), 0, "the ring itself is black");
  assert.equal(at(2, 2), 255, "the background is white");
  // and a dark background: the light object is still the one filled black
  const inverted = image(n, n, (x, y) => (Math.hypot(x - c, y - c) < 12 ? [240, 240, 240] : [10, 10, 10]));
  assert.equal(silhouette(inverted).data[4 * (c * n + c)], 0);
  assert.equal(silhouette(inverted).data[0], 255);
});

test("texture patch: tiles a central patch with mirrored copies, colours from the patch only", () => {
  const n = 40;
  // left half red, right half blue, a green centre square of side 11: the patch (side 10) is all green
  const img = image(n, n, (x, y) => (Math.abs(x - 20) <= 5 && Math.abs(y - 20) <= 5 ? [0, 200, 0] : x < 20 ? [200, 0, 0] : [0, 0, 200]));
  const out = texturePatch(img, {fraction: 0.25});
  for (let i = 0; i < n * n; i++) assert.deepEqual([...out.data.subarray(4 * i, 4 * i + 4)], [0, 200, 0, 255]);
  // mirrored tiling: a gradient patch is continuous across tile boundaries
  const grad = image(n, n, (x) => [x * 6, 0, 0]);
  const t = texturePatch(grad, {fraction: 0.25});
  for (let x = 1; x < n; x++) assert.ok(Math.abs(t.data[4 * x] - t.data[4 * (x - 1)]) <= 6, `seam at x = ${x}`);
});
