// Small drawing helpers for the shift chapter: an RGB image or a feature map on a canvas,
// magnified with hard pixel edges so a one-pixel move is visible.
import {toRgba, type RgbImage} from "../../shift/image.ts";

export function imageCanvas(img: RgbImage, cssSize = 224, label = ""): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = img.width;
  c.height = img.height;
  c.getContext("2d")!.putImageData(new ImageData(toRgba(img), img.width, img.height), 0, 0);
  c.className = "cnn-shift-canvas";
  c.style.width = `${cssSize}px`;
  c.style.height = `${Math.round((cssSize * img.height) / img.width)}px`;
  c.setAttribute("role", "img");
  if (label) c.setAttribute("aria-label", label);
  return c;
}

/** A feature map as grey levels, 0 = black and `max` = white (shared across shifts so they compare). */
export function mapCanvas(map: ArrayLike<number>, width: number, height: number, max: number, cssSize = 160, label = ""): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = width;
  c.height = height;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const scale = max > 0 ? 255 / max : 0;
  for (let i = 0; i < width * height; i++) {
    const v = Math.max(0, Math.min(255, Math.round(map[i] * scale)));
    rgba.set([v, v, v, 255], i * 4);
  }
  c.getContext("2d")!.putImageData(new ImageData(rgba, width, height), 0, 0);
  c.className = "cnn-shift-canvas";
  c.style.width = `${cssSize}px`;
  c.style.height = `${Math.round((cssSize * height) / width)}px`;
  c.setAttribute("role", "img");
  if (label) c.setAttribute("aria-label", label);
  return c;
}

export function maxOf(arrays: ArrayLike<number>[]): number {
  let m = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/** Pixels of an <img> or a data URL, via a canvas. */
export async function imagePixels(src: string): Promise<{data: Uint8ClampedArray; width: number; height: number}> {
  const img = new Image();
  img.src = src;
  await img.decode();
  const c = document.createElement("canvas");
  c.width = img.naturalWidth;
  c.height = img.naturalHeight;
  const ctx = c.getContext("2d", {willReadFrequently: true})!;
  ctx.drawImage(img, 0, 0);
  return ctx.getImageData(0, 0, c.width, c.height);
}

/**
 * Replace a host's content, keeping open each "Show as a table" disclosure (by position) that
 * the reader had opened: figures redraw on every slider step and must not snap it shut.
 */
export function replaceKeepingOpen(host: Element, ...nodes: Node[]): void {
  const open = Array.from(host.querySelectorAll("details"), (d) => d.open);
  host.replaceChildren(...nodes);
  host.querySelectorAll("details").forEach((d, i) => { if (open[i]) d.open = true; });
}

/**
 * A toggle button that steps `step` every `ms` until pressed again (or the widget leaves the
 * page). Nothing starts on its own: the reader presses it, so it is allowed under
 * prefers-reduced-motion; there each step is slower. `onToggle` lets the widget mute its
 * live regions while the animation runs (a screen reader would otherwise read every frame).
 */
export function animateButton(text: string, step: () => void, {ms, host, onToggle}: {ms: number; host: Element; onToggle?: (running: boolean) => void}): HTMLButtonElement & {stop(): void} {
  const button = document.createElement("button") as HTMLButtonElement & {stop(): void};
  button.type = "button";
  button.textContent = text;
  let timer: ReturnType<typeof setInterval> | null = null;
  const reduced = () => typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
  button.stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
    button.textContent = text;
    onToggle?.(false);
  };
  button.addEventListener("click", () => {
    if (timer) return button.stop();
    button.textContent = "Stop";
    onToggle?.(true);
    timer = setInterval(() => (host.isConnected ? step() : button.stop()), reduced() ? 3 * ms : ms);
  });
  // Escape stops it from anywhere inside the widget
  host.addEventListener("keydown", (e) => { if ((e as KeyboardEvent).key === "Escape" && timer) button.stop(); });
  return button;
}
