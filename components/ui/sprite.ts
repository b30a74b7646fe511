// Precomputed filter renders travel as one sprite sheet per layer (a PNG grid of tiles),
// so browsing channels with a slider is a canvas copy, not a network request.
export interface SpriteSheet {
  model: string;
  layer: string;
  /** Channels in tile order. */
  channels: number[];
  /** Tile edge in pixels and tiles per row. */
  tile: number;
  columns: number;
  /** PNG of the whole sheet as a data URL. */
  png: string;
  /** Objective (mean channel activation) reached by each render. */
  objective: number[];
}

export interface RenderAtlas {
  model: string;
  steps: number;
  size: number;
  seed: number;
  recipe: string;
  layers: SpriteSheet[];
}

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

/** Draws the tile of `channel` onto a canvas `scale` times its size; resolves to the canvas. */
export async function spriteTile(sheet: SpriteSheet, channel: number, scale = 4, canvas = document.createElement("canvas")): Promise<HTMLCanvasElement> {
  const index = sheet.channels.indexOf(channel);
  if (index < 0) throw new Error(`channel ${channel} of ${sheet.layer} has no precomputed render`);
  const img = await loadImage(sheet.png);
  const {tile, columns} = sheet;
  canvas.width = canvas.height = tile * scale;
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingEnabled = false; // show the network's own pixels
  ctx.drawImage(img, (index % columns) * tile, Math.floor(index / columns) * tile, tile, tile, 0, 0, tile * scale, tile * scale);
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `Image that maximises channel ${channel} of ${sheet.model} layer ${sheet.layer} (mean activation ${sheet.objective[index].toFixed(2)})`);
  return canvas;
}
