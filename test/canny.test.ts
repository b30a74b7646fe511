// Canny on synthetic images whose true edges we know: a filled square on a flat background must
// give thin, closed edges on the square's border and nothing in the flat regions.
import {test} from "node:test";
import assert from "node:assert/strict";
import {cannyEdges, gaussianBlur, canny} from "../components/image/canny.ts";
import type {GrayImage} from "../components/image/grayscale.ts";

const W = 64, H = 64, A = 16, B = 47; // the square covers [A, B] x [A, B]

function squareImage(noise = 0): GrayImage {
  const data = new Float32Array(W * H);
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296) - 0.5;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = (x >= A && x <= B && y >= A && y <= B ? 0.8 : 0.2) + noise * rand();
  return {width: W, height: H, data};
}

/** Distance (Chebyshev) of a pixel to the square's boundary (between pixels A-1|A and B|B+1). */
function distanceToBorder(x: number, y: number): number {
  const inside = x >= A && x <= B && y >= A && y <= B;
  if (inside) return Math.min(x - A, B - x, y - A, B - y);
  const dx = x < A ? A - 1 - x : x > B ? x - B - 1 : -1, dy = y < A ? A - 1 - y : y > B ? y - B - 1 : -1;
  return Math.max(dx, dy);
}

test("a square's edges lie on its border, one pixel thick, and nothing fires in flat regions", () => {
  const e = cannyEdges(squareImage());
  let count = 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    if (!e[y * W + x]) continue;
    count++;
    assert.ok(distanceToBorder(x, y) <= 1, `edge at (${x}, ${y}) is off the border`);
  }
  // thin: along each side's middle, exactly one edge pixel across the border
  for (const y of [24, 32, 40]) {
    const across = [...Array(W).keys()].filter((x) => x < 32 && e[y * W + x]);
    assert.equal(across.length, 1, `row ${y}: edge pixels at x = ${across.join(", ")}`);
  }
  for (const x of [24, 32, 40]) {
    const across = [...Array(H).keys()].filter((y) => y > 32 && e[y * W + x]);
    assert.equal(across.length, 1, `column ${x}: edge pixels at y = ${across.join(", ")}`);
  }
  // the perimeter is about 4 x 32 pixels: no holes, no doubled lines
  assert.ok(count >= 4 * 28 && count <= 4 * 34, `${count} edge pixels`);
});

test("the square's edge is closed: one 8-connected loop that separates inside from outside", () => {
  const e = cannyEdges(squareImage());
  // flood the non-edge pixels from the image corner (4-connected): a closed loop keeps the centre unreached
  const seen = new Uint8Array(W * H), stack = [0];
  seen[0] = 1;
  while (stack.length) {
    const i = stack.pop()!, x = i % W, y = (i - x) / W;
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const xx = x + dx, yy = y + dy, j = yy * W + xx;
      if (xx < 0 || yy < 0 || xx >= W || yy >= H || seen[j] || e[j]) continue;
      seen[j] = 1;
      stack.push(j);
    }
  }
  assert.equal(seen[32 * W + 32], 0, "the inside of the square leaks to the outside: the edge has a gap");
  // and every edge pixel has at least two edge neighbours (no loose ends)
  for (let y = 1; y < H - 1; y++) for (let x = 1; x < W - 1; x++) {
    if (!e[y * W + x]) continue;
    let n = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if ((dx || dy) && e[(y + dy) * W + x + dx]) n++;
    assert.ok(n >= 2, `loose end at (${x}, ${y})`);
  }
});

test("flat and mildly noisy images: no edges in flat regions", () => {
  const flat: GrayImage = {width: 32, height: 32, data: new Float32Array(32 * 32).fill(0.5)};
  assert.equal(cannyEdges(flat).reduce((a, b) => a + b, 0), 0);
  const e = cannyEdges(squareImage(0.04));
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (e[y * W + x]) assert.ok(distanceToBorder(x, y) <= 2, `noise edge at (${x}, ${y})`);
});

test("gaussian blur keeps the mean and smooths a step", () => {
  const g = gaussianBlur(squareImage(), 1.4);
  const mean = (d: Float32Array) => d.reduce((a, b) => a + b, 0) / d.length;
  assert.ok(Math.abs(mean(g.data) - mean(squareImage().data)) < 1e-3);
  const v = g.data[32 * W + A];
  assert.ok(v > 0.3 && v < 0.7, `at the step: ${v}`);
});

test("canny() on RGBA draws black edges on white", () => {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    const x = i % W, y = (i - x) / W, inside = x >= A && x <= B && y >= A && y <= B;
    data.set(inside ? [200, 40, 40, 255] : [30, 30, 200, 255], 4 * i);
  }
  const out = canny({width: W, height: H, data});
  assert.equal(out.data[4 * (32 * W + 32)], 255, "inside is white");
  assert.equal(out.data[4 * (5 * W + 5)], 255, "outside is white");
  const row = [...Array(32).keys()].map((x) => out.data[4 * (32 * W + x)]);
  assert.equal(row.filter((v) => v === 0).length, 1, "one black edge pixel crossing the left side");
});
