// Minimal labelled inputs that behave like Observable Inputs (a `value` and "input" events,
// so a page can `view()` them) without fetching anything: native elements, keyboard-ready.
// Given a `param` key, a control lives in the page URL (components/site/url-state.ts): it
// starts from the URL's value, writes its changes back, and obeys the `lock=` / `hide=` lists.
import {booleanCodec, choiceCodec, initialValue, isHidden, isLocked, numberCodec, registerParam, writeParam, type ParamCodec} from "../site/url-state.ts";

export type ValueElement<T> = HTMLElement & {value: T};

let uid = 0;
const nextId = (kind: string) => `cnn-${kind}-${++uid}`;

interface Persist<T> {
  key?: string;
  codec: ParamCodec<T>;
}

function labelled<T>(text: string, control: HTMLInputElement | HTMLSelectElement, read: () => T, write: (v: T) => void, persist: Persist<T>, output?: HTMLOutputElement): ValueElement<T> {
  const root = document.createElement("div") as unknown as ValueElement<T>;
  root.className = "cnn-control";
  const label = document.createElement("label");
  label.htmlFor = control.id;
  label.textContent = text;
  root.append(label, control);
  if (output) root.append(output);
  const {key, codec} = persist;
  const locked = key !== undefined && isLocked(key);
  Object.defineProperty(root, "value", {get: read, set: (v: T) => {
    if (locked) return; // a locked setting stays as the embedding page fixed it
    write(v);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  }});
  control.addEventListener("input", (e) => { if (e.target === control) { e.stopPropagation(); root.dispatchEvent(new Event("input", {bubbles: true})); } });
  control.addEventListener("change", (e) => e.stopPropagation());
  if (key !== undefined) {
    root.dataset.param = key;
    control.name ||= key;
    registerParam(key, () => codec.encode(read()));
    root.addEventListener("input", () => writeParam(key, codec.encode(read())));
    if (locked) {
      control.disabled = true;
      root.dataset.locked = "";
      root.title = "Fixed by the page that embeds this figure";
    }
    if (isHidden(key)) root.hidden = true;
  }
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
  return labelled(label, input, () => input.valueAsNumber, (v) => { input.value = String(v); show(); }, {key: param, codec}, output);
}

export function selectInput<T extends string>({label, options, value, param}: {label: string; options: Array<{value: T; text: string}>; value?: T; param?: string}): ValueElement<T> {
  const codec = choiceCodec(options.map((o) => o.value));
  const start = initialValue(param, codec, value ?? options[0]?.value);
  const select = document.createElement("select");
  select.id = nextId("select");
  for (const o of options) select.append(new Option(o.text, o.value, false, o.value === start));
  return labelled(label, select, () => select.value as T, (v) => { select.value = v; }, {key: param, codec});
}

export function checkboxInput({label, value = false, param}: {label: string; value?: boolean; param?: string}): ValueElement<boolean> {
  const box = document.createElement("input");
  Object.assign(box, {type: "checkbox", id: nextId("check"), checked: initialValue(param, booleanCodec, value)});
  return labelled(label, box, () => box.checked, (v) => { box.checked = v; }, {key: param, codec: booleanCodec});
}
