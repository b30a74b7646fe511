// Sprite sheets of renders: tiles land in a grid, PNG exactly, JPEG within a few levels.
import {test} from "node:test";
import assert from "node:assert/strict";
import jpeg from "jpeg-js";
import {PNG} from "pngjs";
import {spriteSheet, type Tile} from "../data/precompute/sprite-sheet.ts";

/** A smooth tile (JPEG's case: renders are images, not noise), distinct per index. */
function tile(i: number, t = 16): Tile {
  const data = new Uint8ClampedArray(t * t * 4);
  for (let y = 0; y < t; y++) for (let x = 0; x < t; x++) data.set([40 + 10 * i + 4 * x, 200 - 6 * y, 60 * i % 255, 255], (y * t + x) * 4);
  return {width: t, height: t, data};
}

const decode = (url: string) => {
  const bytes = Buffer.from(url.slice(url.indexOf(",") + 1), "base64");
  return url.startsWith("data:image/png") ? PNG.sync.read(bytes) : jpeg.decode(bytes, {useTArray: true});
};

test("a PNG sheet holds every tile exactly at its grid position; a JPEG sheet within a few levels", () => {
  const tiles = [0, 1, 2, 3, 4].map((i) => tile(i));
  for (const [format, tolerance] of [["png", 0], ["jpeg", 6]] as const) {
    const sheet = spriteSheet(tiles, 3, {format, quality: 85});
    assert.match(sheet.png, new RegExp(`^data:image/${format};base64,`));
    const img = decode(sheet.png);
    assert.deepEqual([img.width, img.height, sheet.width, sheet.height], [48, 32, 48, 32]);
    let worst = 0, sum = 0, n = 0;
    tiles.forEach((t, i) => {
      const ox = (i % 3) * 16, oy = Math.floor(i / 3) * 16;
      for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) for (let c = 0; c < 3; c++) {
        const d = Math.abs(img.data[((oy + y) * 48 + ox + x) * 4 + c] - t.data[(y * 16 + x) * 4 + c]);
        worst = Math.max(worst, d), sum += d, n++;
      }
    });
    if (format === "png") assert.equal(worst, 0, "PNG is lossless");
    else assert.ok(sum / n <= tolerance, `JPEG: mean error ${(sum / n).toFixed(2)} levels`);
    // the empty sixth cell is white
    assert.deepEqual([...img.data.slice((16 * 48 + 40) * 4, (16 * 48 + 40) * 4 + 3)].map((v) => v > 240), [true, true, true]);
  }
});
