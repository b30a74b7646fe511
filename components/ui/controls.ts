// Minimal labelled inputs that behave like Observable Inputs (a `value` and "input" events,
// so a page can `view()` them) without fetching anything: native elements, keyboard-ready.
// Given a `param` key, a control lives in the page URL (components/ui/url-state.ts): it
// starts from the URL's value, writes its changes back, and obeys the `lock=` / `hide=` lists.
import {booleanCodec, choiceCodec, initialValue, isHidden, isLocked, numberCodec, registerParam, writeParam, type ParamCodec} from "./url-state.ts";

export type ValueElement<T> = HTMLElement & {value: T};

let uid = 0;
const nextId = (kind: string) => `cnn-${kind}-${++uid}`;

/**
 * Put a control into the page URL under `key`: it starts from the URL's value (if it decodes),
 * writes every change back, can be set by a host page's "set" message, is disabled (and ignores
 * assignments) when `lock=` names it and hidden when `hide=` does.
 */
export function bindParam<T>(control: ValueElement<T>, key: string, codec: ParamCodec<T>): ValueElement<T> {
  const start = initialValue(key, codec, control.value);
  if (codec.encode(start) !== codec.encode(control.value)) control.value = start;
  control.dataset.param = key;
  const inputs = control.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select");
  if (inputs.length === 1) inputs[0].name ||= key;
  const locked = isLocked(key);
  if (locked) {
    for (const input of inputs) input.disabled = true;
    control.dataset.locked = "";
    control.title = "Fixed by the page that embeds this figure";
    // a locked setting stays as the embedding page fixed it, whatever the page's code assigns
    const own = Object.getOwnPropertyDescriptor(control, "value");
    if (own?.get && own.configurable) Object.defineProperty(control, "value", {get: own.get, set: () => {}, configurable: true});
  }
  if (isHidden(key)) control.hidden = true;
  registerParam(key, () => codec.encode(control.value), (text) => {
    const v = codec.decode(text);
    if (v === null || locked) return false;
    control.value = v;
    return true;
  });
  control.addEventListener("input", () => writeParam(key, codec.encode(control.value)));
  return control;
}

function labelled<T>(text: string, control: HTMLInputElement | HTMLSelectElement, read: () => T, write: (v: T) => void, output?: HTMLOutputElement): ValueElement<T> {
  const root = document.createElement("div") as unknown as ValueElement<T>;
  root.className = "cnn-control";
  const label = document.createElement("label");
  label.htmlFor = control.id;
  label.textContent = text;
  root.append(label, control);
  if (output) root.append(output);
  Object.defineProperty(root, "value", {get: read, set: (v: T) => {
    write(v);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  }, configurable: true});
  control.addEventListener("input", (e) => { if (e.target === control) { e.stopPropagation(); root.dispatchEvent(new Event("input", {bubbles: true})); } });
  control.addEventListener("change", (e) => e.stopPropagation());
  return root;
}

/** A slider with its number shown beside it; `format` words the number (e.g. a layer name). */
export function rangeInput({label, min, max, step = 1, value = min, format = String, param, codec = numberCodec(min, max, step)}: {label: string; min: number; max: number; step?: number; value?: number; format?: (v: number) => string; param?: string;
  /** How the value is written in the URL (default: the number itself, clamped and snapped on reading). */
  codec?: ParamCodec<number>}): ValueElement<number> {
  const input = document.createElement("input");
  Object.assign(input, {type: "range", id: nextId("range"), min: String(min), max: String(max), step: String(step), value: String(initialValue(param, codec, value))});
  const output = document.createElement("output");
  output.htmlFor.add(input.id);
  const show = () => {
    output.textContent = format(input.valueAsNumber);
    input.setAttribute("aria-valuetext", format(input.valueAsNumber));
  };
  show();
  input.addEventListener("input", show);
  const root = labelled(label, input, () => input.valueAsNumber, (v) => { input.value = String(v); show(); }, output);
  return param === undefined ? root : bindParam(root, param, codec);
}

export function selectInput<T extends string>({label, options, value, param}: {label: string; options: Array<{value: T; text: string}>; value?: T; param?: string}): ValueElement<T> {
  const codec = choiceCodec(options.map((o) => o.value));
  const start = initialValue(param, codec, value ?? options[0]?.value);
  const select = document.createElement("select");
  select.id = nextId("select");
  for (const o of options) select.append(new Option(o.text, o.value, false, o.value === start));
  const root = labelled(label, select, () => select.value as T, (v) => { select.value = v; });
  return param === undefined ? root : bindParam(root, param, codec);
}

export function checkboxInput({label, value = false, param}: {label: string; value?: boolean; param?: string}): ValueElement<boolean> {
  const box = document.createElement("input");
  Object.assign(box, {type: "checkbox", id: nextId("check"), checked: initialValue(param, booleanCodec, value)});
  const root = labelled(label, box, () => box.checked, (v) => { box.checked = v; });
  return param === undefined ? root : bindParam(root, param, booleanCodec);
}
