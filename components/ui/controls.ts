// Minimal labelled inputs that behave like Observable Inputs (a `value` and "input" events,
// so a page can `view()` them) without fetching anything: native elements, keyboard-ready.
export type ValueElement<T> = HTMLElement & {value: T};

let uid = 0;
const nextId = (kind: string) => `cnn-${kind}-${++uid}`;

function labelled<T>(text: string, control: HTMLElement, read: () => T, write: (v: T) => void, output?: HTMLOutputElement): ValueElement<T> {
  const root = document.createElement("div") as unknown as ValueElement<T>;
  root.className = "cnn-control";
  const label = document.createElement("label");
  label.htmlFor = control.id;
  label.textContent = text;
  root.append(label, control);
  if (output) root.append(output);
  Object.defineProperty(root, "value", {get: read, set: (v: T) => { write(v); root.dispatchEvent(new Event("input", {bubbles: true})); }});
  control.addEventListener("input", (e) => { if (e.target === control) { e.stopPropagation(); root.dispatchEvent(new Event("input", {bubbles: true})); } });
  control.addEventListener("change", (e) => e.stopPropagation());
  return root;
}

/** A slider with its number shown beside it; `format` words the number (e.g. a layer name). */
export function rangeInput({label, min, max, step = 1, value = min, format = String}: {label: string; min: number; max: number; step?: number; value?: number; format?: (v: number) => string}): ValueElement<number> {
  const input = document.createElement("input");
  Object.assign(input, {type: "range", id: nextId("range"), min: String(min), max: String(max), step: String(step), value: String(value)});
  const output = document.createElement("output");
  output.htmlFor.add(input.id);
  const show = () => {
    output.textContent = format(input.valueAsNumber);
    input.setAttribute("aria-valuetext", format(input.valueAsNumber));
  };
  show();
  input.addEventListener("input", show);
  return labelled(label, input, () => input.valueAsNumber, (v) => { input.value = String(v); show(); }, output);
}

export function selectInput<T extends string>({label, options, value}: {label: string; options: Array<{value: T; text: string}>; value?: T}): ValueElement<T> {
  const select = document.createElement("select");
  select.id = nextId("select");
  for (const o of options) select.append(new Option(o.text, o.value, false, o.value === value));
  return labelled(label, select, () => select.value as T, (v) => { select.value = v; });
}

export function checkboxInput({label, value = false}: {label: string; value?: boolean}): ValueElement<boolean> {
  const box = document.createElement("input");
  Object.assign(box, {type: "checkbox", id: nextId("check"), checked: value});
  return labelled(label, box, () => box.checked, (v) => { box.checked = v; });
}
