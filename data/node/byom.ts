// `--model` as a path or URL (lab) and the same references in loadModel(): a model.json (tfjs
// layers or graph model, shards beside it) or a .tflite file. What the file cannot say comes
// from a fragment, e.g. `net/model.json#range=-1,1&size=224&labels=net/labels.txt&name=My net`,
// or from a sidecar JSON beside the model (`<file>.meta.json` or `meta.json`:
// {name, inputSize, range, labels | labelsFile}).
import * as fs from "node:fs";
import * as path from "node:path";
import {loadByom, parseLabels, type ByomReport, type ByomSource, type ByomSpec} from "../../components/zoo/byom.ts";
import type {ZooModel} from "../../components/zoo/types.ts";

const isUrl = (s: string) => /^https?:\/\//.test(s);

/** True for anything that names a model file rather than a registry id. */
export function isModelReference(ref: string): boolean {
  const base = ref.split("#")[0];
  return isUrl(base) || /\.(json|tflite)$/i.test(base) || base.includes("/") || base.includes(path.sep);
}

async function readText(where: string): Promise<string> {
  if (isUrl(where)) {
    const res = await fetch(where);
    if (!res.ok) throw new Error(`${where}: HTTP ${res.status}`);
    return res.text();
  }
  return fs.readFileSync(where, "utf8");
}

async function readBytes(where: string): Promise<ArrayBuffer> {
  if (isUrl(where)) {
    const res = await fetch(where);
    if (!res.ok) throw new Error(`${where}: HTTP ${res.status}`);
    return res.arrayBuffer();
  }
  const b = fs.readFileSync(where);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

const sibling = (base: string, name: string) => (isUrl(base) ? new URL(name, base).href : path.join(path.dirname(base), name));

const pair = (v: string, what: string): [number, number] => {
  const n = v.split(/[,x]/).map(Number);
  if (n.length === 1 && Number.isFinite(n[0])) return [n[0], n[0]];
  if (n.length !== 2 || !n.every(Number.isFinite)) throw new Error(`${what} "${v}": expected two numbers such as -1,1`);
  return [n[0], n[1]];
};

/** The spec from the fragment and, where present, a sidecar meta JSON. */
export async function referenceSpec(ref: string): Promise<{file: string; spec: ByomSpec}> {
  const [file, fragment = ""] = ref.split("#");
  const spec: ByomSpec = {};
  if (!isUrl(file)) {
    for (const side of [`${file}.meta.json`, sibling(file, "meta.json")]) {
      if (!fs.existsSync(side)) continue;
      const m = JSON.parse(fs.readFileSync(side, "utf8")) as {name?: string; inputSize?: [number, number]; range?: [number, number]; preprocess?: {scale: number; offset: number}; labels?: string[]; labelsFile?: string};
      spec.name ??= m.name;
      spec.inputSize ??= m.inputSize;
      spec.range ??= m.range ?? (m.preprocess ? [m.preprocess.offset, m.preprocess.offset + m.preprocess.scale] : undefined);
      spec.labels ??= m.labels ?? (m.labelsFile ? parseLabels(fs.readFileSync(sibling(side, m.labelsFile), "utf8")) : undefined);
      break;
    }
  }
  const params = new URLSearchParams(fragment);
  if (params.has("name")) spec.name = params.get("name")!;
  if (params.has("size")) spec.inputSize = pair(params.get("size")!, "size");
  if (params.has("range")) spec.range = pair(params.get("range")!, "range");
  if (params.has("labels")) spec.labels = parseLabels(await readText(params.get("labels")!));
  return {file, spec};
}

/** Loads and validates a model named by path or URL. */
export async function loadReferenceWithReport(ref: string): Promise<{model: ZooModel; report: ByomReport}> {
  const {file, spec} = await referenceSpec(ref);
  if (!isUrl(file) && !fs.existsSync(file)) throw new Error(`model file ${file} not found`);
  let source: ByomSource;
  if (/\.tflite$/i.test(file)) source = {kind: "tflite", bytes: new Uint8Array(await readBytes(file)), origin: file};
  else {
    let modelJson: unknown;
    try {
      modelJson = JSON.parse(await readText(file));
    } catch (e) {
      // say where it broke, never echo the file's bytes (a binary file would garble the terminal)
      const at = /position (\d+)/.exec(String(e))?.[1];
      throw new Error(`${file} is not JSON${at ? ` (a syntax error at byte ${at})` : " (not a tfjs model.json: it does not parse as JSON text)"}`);
    }
    source = {kind: "tfjs", modelJson, readShard: (p) => readBytes(sibling(file, p)), origin: file};
  }
  return loadByom(source, {name: spec.name ?? path.basename(path.dirname(file)) + "/" + path.basename(file), ...spec});
}

export async function loadModelReference(ref: string): Promise<ZooModel> {
  return (await loadReferenceWithReport(ref)).model;
}
