// "Bring your own model": pick model.json + its .bin shards, or one .tflite file (or give a
// URL), say the input range, size and optionally a labels file, and load. The model is
// validated (image input, conv layers, a forward pass); a bad one only changes the message,
// a good one joins every chapter's model picker (components/zoo/user-models.ts). Like an
// Observable input it has a `value` (the last model record added) and fires "input".
import {ByomError, parseLabels, type ByomSpec} from "../zoo/byom.ts";
import {addUserModel, removeUserModel, restoreUserModels, onUserModelsChange, type UserModelFile, type UserModelRecord} from "../zoo/user-models.ts";

export type ByomPickerElement = HTMLElement & {value: UserModelRecord | null};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

const RANGES: Array<[string, [number, number] | null]> = [
  ["from the file (quantized .tflite)", null],
  ["[0, 1]", [0, 1]],
  ["[-1, 1] (MobileNet, Inception)", [-1, 1]],
  ["[0, 255]", [0, 255]],
];

async function fetchFiles(url: string): Promise<UserModelFile[]> {
  const get = async (u: string) => {
    const res = await fetch(u);
    if (!res.ok) throw new Error(`${u}: HTTP ${res.status}`);
    return res.arrayBuffer();
  };
  const name = new URL(url, location.href).pathname.split("/").pop() || "model";
  const bytes = await get(url);
  const files: UserModelFile[] = [{name, bytes}];
  if (/\.json$/i.test(name)) {
    const json = JSON.parse(new TextDecoder().decode(bytes)) as {weightsManifest?: Array<{paths: string[]}>};
    for (const p of (json.weightsManifest ?? []).flatMap((g) => g.paths)) files.push({name: p.split("/").pop()!, bytes: await get(new URL(p, new URL(url, location.href)).href)});
  }
  return files;
}

export function byomPicker(): ByomPickerElement {
  const root = el("form", {className: "cnn-byom"}) as unknown as ByomPickerElement;
  root.value = null;
  const files = el("input", {type: "file", multiple: true, accept: ".json,.bin,.tflite"});
  files.setAttribute("aria-label", "Model files: model.json and its .bin shards, or a .tflite file");
  const url = el("input", {type: "url", placeholder: "or a URL of model.json / .tflite"});
  url.setAttribute("aria-label", "Model URL");
  const name = el("input", {type: "text", placeholder: "name (optional)"});
  name.setAttribute("aria-label", "Model name");
  const size = el("input", {type: "number", min: "8", max: "1024", placeholder: "from the file"});
  size.setAttribute("aria-label", "Input size in pixels (when the model accepts any size)");
  const range = el("select");
  range.setAttribute("aria-label", "Input range that pixel values map onto");
  RANGES.forEach(([text], i) => range.append(el("option", {value: String(i), textContent: text})));
  const labels = el("input", {type: "file", accept: ".txt"});
  labels.setAttribute("aria-label", "Labels file, one class per line (optional)");
  const load = el("button", {type: "submit", textContent: "Load and check"});
  const status = el("div", {className: "cnn-upload-status"});
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const list = el("ul", {className: "cnn-byom-list"});

  root.append(
    el("label", {}, "Files ", files), " ", el("label", {}, url), el("br"),
    el("label", {}, "Name ", name), " ", el("label", {}, "Input size ", size), " ", el("label", {}, "Pixels map onto ", range), " ", el("label", {}, "Labels ", labels), " ", load,
    status, list,
  );

  const say = (kind: "info" | "error" | "busy", ...content: (Node | string)[]) => {
    status.replaceChildren(...content);
    status.dataset.kind = kind;
  };
  const renderList = (records: UserModelRecord[]) => {
    list.replaceChildren(...records.map((r) => {
      const remove = el("button", {type: "button", textContent: "Remove"});
      remove.setAttribute("aria-label", `Remove ${r.name}`);
      remove.addEventListener("click", () => void removeUserModel(r.id));
      return el("li", {}, el("strong", {textContent: r.name}), ` (${r.report.format}, ${r.report.inputSize.join("×")}, ${r.report.classes} classes, ${r.report.convLayers} conv layers) `, remove);
    }));
  };
  void restoreUserModels().then(renderList);
  onUserModelsChange(renderList);

  root.addEventListener("submit", async (event) => {
    event.preventDefault();
    load.disabled = true;
    try {
      say("busy", "Reading the model…");
      const picked: UserModelFile[] = url.value.trim()
        ? await fetchFiles(url.value.trim())
        : await Promise.all([...(files.files ?? [])].map(async (f) => ({name: f.name, bytes: await f.arrayBuffer()})));
      if (!picked.length) throw new Error("pick model.json with its .bin files, or a .tflite file (or give a URL)");
      const spec: ByomSpec = {};
      if (name.value.trim()) spec.name = name.value.trim();
      if (size.value) spec.inputSize = [Number(size.value), Number(size.value)];
      const r = RANGES[Number(range.value)][1];
      if (r) spec.range = r;
      if (labels.files?.[0]) spec.labels = parseLabels(await labels.files[0].text());
      say("busy", "Checking: image input, conv layers, a forward pass…");
      const {record, model, report} = await addUserModel(picked, spec);
      model.dispose();
      root.value = record;
      say("info", `Loaded “${record.name}”: ${report.checks.map((c) => `${c.check} ✓ (${c.detail})`).join("; ")}. It is now in every chapter's model picker.`);
      root.dispatchEvent(new Event("input", {bubbles: true}));
    } catch (e) {
      const detail = e instanceof ByomError ? e.checks.map((c) => `${c.check} ${c.ok ? "✓" : "✗"} ${c.detail}`).join("; ") : e instanceof Error ? e.message : String(e);
      say("error", `Not loaded: ${detail}. Nothing else on the page changed.`);
    } finally {
      load.disabled = false;
    }
  });
  return root;
}
