// Small drawing helpers shared by the chapter's figures.
import type {Rgba} from "../../backward/view.ts";

/** A canvas holding `img`, shown `px` wide with crisp pixels, with a text alternative. */
export function rgbaCanvas(img: Rgba, px: number, label: string): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = img.width;
  c.height = img.height;
  c.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  c.style.width = `${px}px`;
  c.style.maxWidth = "100%";
  c.style.imageRendering = "pixelated";
  c.setAttribute("role", "img");
  c.setAttribute("aria-label", label);
  return c;
}

/** A grid of values as a heat map (viridis-like ramp from dark to yellow), lowest = darkest. */
export function heatRgba(values: ArrayLike<number>, rows: number, cols: number, lo?: number, hi?: number): Rgba {
  let min = lo ?? Infinity, max = hi ?? -Infinity;
  if (lo === undefined || hi === undefined) for (let i = 0; i < values.length; i++) (min = Math.min(min, values[i])), (max = Math.max(max, values[i]));
  const data = new Uint8ClampedArray(rows * cols * 4);
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  for (let i = 0; i < rows * cols; i++) {
    const t = max > min ? Math.min(1, Math.max(0, (values[i] - min) / (max - min))) : 0.5;
    const f = t * (stops.length - 1), k = Math.min(stops.length - 2, Math.floor(f)), u = f - k;
    for (let c = 0; c < 3; c++) data[4 * i + c] = Math.round(stops[k][c] * (1 - u) + stops[k + 1][c] * u);
    data[4 * i + 3] = 255;
  }
  return {width: cols, height: rows, data};
}

export function figureWith(content: Node[], caption: string): HTMLElement {
  const f = document.createElement("figure");
  const cap = document.createElement("figcaption");
  cap.textContent = caption;
  f.append(...content, cap);
  return f;
}

export function statusLine(): HTMLParagraphElement {
  const p = document.createElement("p");
  p.className = "cnn-status";
  p.setAttribute("aria-live", "polite");
  return p;
}
