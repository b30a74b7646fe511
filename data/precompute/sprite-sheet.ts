// Pack equal-size RGBA tiles into one PNG grid (a sprite sheet) as a data URL.
import {PNG} from "pngjs";

export interface Tile {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export function spriteSheetPng(tiles: Tile[], columns: number): {png: string; width: number; height: number} {
  const t = tiles[0].width;
  const rows = Math.ceil(tiles.length / columns);
  const png = new PNG({width: columns * t, height: rows * t});
  png.data.fill(255);
  tiles.forEach((tile, i) => {
    const ox = (i % columns) * t, oy = Math.floor(i / columns) * t;
    for (let y = 0; y < t; y++) {
      const src = tile.data.subarray(y * t * 4, (y + 1) * t * 4);
      png.data.set(src, ((oy + y) * png.width + ox) * 4);
    }
  });
  const bytes = PNG.sync.write(png, {colorType: 2}); // RGB: the renders are opaque
  return {png: `data:image/png;base64,${bytes.toString("base64")}`, width: png.width, height: png.height};
}
