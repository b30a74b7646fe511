// Page state in the URL. A control given a `param` key takes its starting value from the
// page's query string and writes every change back with history.replaceState, so a copied
// link reproduces the view. Two reserved parameters let a page that embeds a figure restrict
// it: `lock=KEYS` disables those controls, `hide=KEYS` hides them (KEYS: comma-separated
// keys, key prefixes ending in "." or "*" for all). Uploaded images are never in the URL.

export const RESERVED_PARAMS = ["backend", "lock", "hide"] as const;

/** Encoding of one control's value as a query-string value, and back (null: not valid here). */
export interface ParamCodec<T> {
  encode(value: T): string;
  decode(text: string): T | null;
}

type Listener = (key: string, params: URLSearchParams) => void;
const listeners = new Set<Listener>();
/** Live controls by key: what "copy embed code" reads and a host page's "set" writes (the newest control for a key wins). */
const live = new Map<string, {read(): string; write?(text: string): boolean}>();

const hasLocation = () => typeof location !== "undefined" && typeof history !== "undefined";

export function currentParams(): URLSearchParams {
  return new URLSearchParams(hasLocation() ? location.search : "");
}

export function readParam(key: string): string | null {
  return currentParams().get(key);
}

/** Set (or, with null, delete) one parameter in the address bar without reloading. */
export function writeParam(key: string, value: string | null): void {
  if (!hasLocation()) return;
  const params = currentParams();
  if (params.get(key) === value) return;
  if (value === null) params.delete(key);
  else params.set(key, value);
  const query = params.toString();
  history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  for (const fn of listeners) fn(key, params);
}

/** Called after every change a control writes to the URL; returns an unsubscribe function. */
export function onParamsChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Does a `lock=` / `hide=` list name this key (exactly, by a "prefix." entry, or "*")? */
export function listNames(list: string | null, key: string): boolean {
  if (!list) return false;
  return list.split(",").map((s) => s.trim()).filter(Boolean).some((e) => e === "*" || e === key || (e.endsWith(".") && key.startsWith(e)));
}

export const isLocked = (key: string) => listNames(readParam("lock"), key);
export const isHidden = (key: string) => listNames(readParam("hide"), key);

/** The value the URL gives this key, if it decodes; else the fallback. */
export function initialValue<T>(key: string | undefined, codec: ParamCodec<T>, fallback: T): T {
  if (!key) return fallback;
  const text = readParam(key);
  if (text === null) return fallback;
  const v = codec.decode(text);
  return v === null ? fallback : v;
}

/** Register a live control for this key: how to read its value, and how to set it from text. */
export function registerParam(key: string, read: () => string, write?: (text: string) => boolean): void {
  live.set(key, {read, write});
}

/** Set a live control from text, as if the reader had; false for an unknown key, a bad value or a locked control. */
export function applyParam(key: string, text: string): boolean {
  return live.get(key)?.write?.(text) ?? false;
}

/**
 * Every parameter that describes the current view of the keys given (exact keys or
 * "prefix." entries): the live controls' values, then anything else the URL holds for them.
 */
export function stateFor(keys: readonly string[]): URLSearchParams {
  const out = new URLSearchParams();
  const wanted = (k: string) => listNames(keys.join(","), k);
  for (const [k, {read}] of live) if (wanted(k)) out.set(k, read());
  for (const [k, v] of currentParams()) if (wanted(k) && !out.has(k)) out.set(k, v);
  return out;
}

// Codecs for the three control kinds of components/ui/controls.ts.
export const numberCodec = (min: number, max: number, step: number): ParamCodec<number> => ({
  encode: (v) => String(v),
  decode: (t) => {
    const v = Number(t);
    if (t.trim() === "" || !Number.isFinite(v)) return null;
    const snapped = min + Math.round((v - min) / step) * step;
    return Math.min(max, Math.max(min, Number(snapped.toFixed(10))));
  },
});

export const choiceCodec = <T extends string>(values: readonly T[]): ParamCodec<T> => ({
  encode: (v) => v,
  decode: (t) => (values.includes(t as T) ? (t as T) : null),
});

export const booleanCodec: ParamCodec<boolean> = {
  encode: (v) => (v ? "1" : "0"),
  decode: (t) => (["1", "true", "yes", "on"].includes(t) ? true : ["0", "false", "no", "off"].includes(t) ? false : null),
};
