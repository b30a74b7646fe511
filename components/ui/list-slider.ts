// A slider that steps through a list (a network's layers, say) and keeps the chosen ITEM in the
// page URL, not its position: `layer=conv2_1` still means conv2_1 when the list changes, and
// reads as what it is. Otherwise it behaves like rangeInput with a `param` (controls.ts):
// starts from the URL, writes every change back, obeys `lock=` and `hide=`.
import {rangeInput, type ValueElement} from "./controls.ts";
import {isHidden, isLocked, readParam, registerParam, writeParam} from "../site/url-state.ts";

/**
 * Where a URL value sits in `items`: its exact match; for a list of numbers, else the nearest
 * item (so a channel beyond a smaller layer's range clamps to its last channel); else -1.
 */
export function indexOfItem(items: readonly (string | number)[], text: string): number {
  const exact = items.findIndex((item) => String(item) === text);
  if (exact >= 0 || !items.length || typeof items[0] !== "number" || text.trim() === "") return exact;
  const v = Number(text);
  if (!Number.isFinite(v)) return -1;
  let best = 0;
  items.forEach((item, i) => { if (Math.abs(Number(item) - v) < Math.abs(Number(items[best]) - v)) best = i; });
  return best;
}

export interface ListSliderOptions<T extends string | number> {
  label: string;
  items: readonly T[];
  /** Starting position when the URL names no item of the list. */
  value?: number;
  format?: (item: T, index: number) => string;
  param?: string;
}

/** The value is the position in `items`; the URL holds the item itself. */
export function listSlider<T extends string | number>({label, items, value = 0, format = String, param}: ListSliderOptions<T>): ValueElement<number> {
  if (!items.length) throw new Error(`listSlider "${label}": no items to choose from`);
  const fromUrl = param ? readParam(param) : null;
  const found = fromUrl === null ? -1 : indexOfItem(items, fromUrl);
  const inner = rangeInput({label, min: 0, max: items.length - 1, value: found >= 0 ? found : value, format: (i) => format(items[i], i)});
  const root = document.createElement("div") as unknown as ValueElement<number>;
  root.className = "cnn-list-slider";
  root.append(inner);
  const locked = param !== undefined && isLocked(param);
  Object.defineProperty(root, "value", {get: () => inner.value, set: (i: number) => { if (!locked) inner.value = i; }});
  if (param === undefined) return root;
  const current = () => String(items[inner.value]);
  root.dataset.param = param;
  const input = inner.querySelector("input")!;
  input.name = param;
  registerParam(param, current);
  root.addEventListener("input", () => writeParam(param, current()));
  if (locked) {
    input.disabled = true;
    root.dataset.locked = "";
    root.title = "Fixed by the page that embeds this figure";
  }
  if (isHidden(param)) root.hidden = true;
  // a URL value this list does not hold exactly (another network's layer, a channel beyond
  // this layer) was replaced: say what is shown now
  if (fromUrl !== null && fromUrl !== current()) writeParam(param, current());
  return root;
}
