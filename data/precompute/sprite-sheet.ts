// Pack equal-size RGBA tiles into one image grid (a sprite sheet) as a data URL: PNG (exact
// pixels) by default; JPEG for the ImageNet networks (IMAGENET_SHEET_FORMAT), whose 128 px
// Fourier renders are noisy enough that PNG costs about 38 KB a tile against about 9 KB at JPEG
// quality 85, and the site must stay under its size budget (docs/models.md).
import {PNG} from "pngjs";
import jpeg from "jpeg-js";

export interface Tile {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface SheetFormat {
  format?: "png" | "jpeg";
  /** JPEG quality, 1–100. */
  quality?: number;
}

/** How the ImageNet networks' render sheets are stored (ours stay PNG: exact, and small at 32-64 px). */
export const IMAGENET_SHEET_FORMAT: SheetFormat = {format: "jpeg", quality: 85};

export function spriteSheet(tiles: Tile[], columns: number, {format = "png", quality = 85}: SheetFormat = {}): {png: string; width: number; height: number} {
  const t = tiles[0].width;
  const rows = Math.ceil(tiles.length / columns);
  const width = columns * t, height = rows * t;
  const rgba = Buffer.alloc(width * height * 4, 255);
  tiles.forEach((tile, i) => {
    const ox = (i % columns) * t, oy = Math.floor(i / columns) * t;
    for (let y = 0; y < t; y++) rgba.set(tile.data.subarray(y * t * 4, (y + 1) * t * 4), ((oy + y) * width + ox) * 4);
  });
  if (format === "jpeg") {
    const bytes = jpeg.encode({data: rgba, width, height}, quality).data;
    return {png: `data:image/jpeg;base64,${Buffer.from(bytes).toString("base64")}`, width, height};
  }
  const png = new PNG({width, height});
  rgba.copy(png.data);
  const bytes = PNG.sync.write(png, {colorType: 2}); // RGB: the renders are opaque
  return {png: `data:image/png;base64,${bytes.toString("base64")}`, width, height};
}
