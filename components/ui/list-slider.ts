// A slider that steps through a list (a network's layers, say) and keeps the chosen ITEM in the
// page URL, not its position: `layer=conv2_1` still means conv2_1 when the list changes, and
// reads as what it is. Otherwise it behaves like rangeInput with a `param` (controls.ts):
// starts from the URL, writes every change back, obeys `lock=` and `hide=`.
import {rangeInput, type ValueElement} from "./controls.ts";
import {readParam, writeParam, type ParamCodec} from "./url-state.ts";

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

/** The URL form of a position in `items`: the item itself. */
export const itemCodec = (items: readonly (string | number)[]): ParamCodec<number> => ({
  encode: (i) => String(items[i]),
  decode: (text) => {
    const i = indexOfItem(items, text);
    return i >= 0 ? i : null;
  },
});

/** The value is the position in `items`; the URL holds the item itself. */
export function listSlider<T extends string | number>({label, items, value = 0, format = String, param}: ListSliderOptions<T>): ValueElement<number> {
  if (!items.length) throw new Error(`listSlider "${label}": no items to choose from`);
  const codec = itemCodec(items);
  const slider = rangeInput({label, min: 0, max: items.length - 1, value, format: (i) => format(items[i], i), param, codec});
  // a URL value this list does not hold exactly (another network's layer, a channel beyond
  // this layer) was replaced: say what is shown now
  const fromUrl = param === undefined ? null : readParam(param);
  if (param !== undefined && fromUrl !== null && fromUrl !== codec.encode(slider.value)) writeParam(param, codec.encode(slider.value));
  return slider;
}
