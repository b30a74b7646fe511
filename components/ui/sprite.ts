// Precomputed filter renders travel as one sprite sheet per layer (a PNG grid of tiles),
// so browsing channels with a slider is a canvas copy, not a network request.
import {tileDescription, type SpriteSheet} from "../featvis/atlas.ts";

export type {RenderAtlas, SpriteSheet} from "../featvis/atlas.ts";

const images = new Map<string, Promise<HTMLImageElement>>();

function loadImage(src: string): Promise<HTMLImageElement> {
  let p = images.get(src);
  if (!p) {
    p = new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = () => reject(new Error("could not decode the render sheet"));
      img.src = src;
    });
    images.set(src, p);
  }
  return p;
}

/**
 * Draws the tile of `channel` onto a canvas `scale` times its size, with a text alternative
 * that says which channel it maximises; resolves to the canvas.
 */
export async function spriteTile(sheet: SpriteSheet, channel: number, scale = 4, canvas = document.createElement("canvas"), modelName = sheet.model): Promise<HTMLCanvasElement> {
  const index = sheet.channels.indexOf(channel);
  if (index < 0 || !sheet.png) throw new Error(`channel ${channel} of ${sheet.layer} has no precomputed render`);
  const img = await loadImage(sheet.png);
  const {tile, columns} = sheet;
  canvas.width = canvas.height = tile * scale;
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingEnabled = false; // show the network's own pixels
  ctx.drawImage(img, (index % columns) * tile, Math.floor(index / columns) * tile, tile, tile, 0, 0, tile * scale, tile * scale);
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", tileDescription(modelName, sheet, channel));
  return canvas;
}

/** A scale that shows a tile at about `px` pixels (at least twice its size). */
export const tileScale = (sheet: SpriteSheet, px = 192): number => Math.max(2, Math.round(px / Math.max(1, sheet.tile)));
