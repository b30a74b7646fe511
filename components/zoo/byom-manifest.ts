// Checks on a tfjs model.json that run BEFORE tfjs sees it: tfjs builds a layers model's
// variables (with their initialisers) before it compares them with the weight files, so a
// model.json that asks for a million-unit layer would allocate gigabytes first and fail after.
// Here a model.json is refused when its weight paths leave its folder, its dtypes or shapes
// are not ones tfjs can load, its weights would not fit in a browser tab, its weight files
// hold a different number of bytes than it declares, or a layer's size is not backed by its
// weights. Each refusal is one sentence a reader can act on.

/** The most weight values a model may declare: 2^28 float32 values is 1 GiB. */
export const MAX_WEIGHT_VALUES = 2 ** 28;
/** The largest input side this site handles (the forward-pass check allocates an image). */
export const MAX_INPUT_SIDE = 2048;

const DTYPE_BYTES: Record<string, number> = {float32: 4, int32: 4, bool: 1};
const QUANTIZED_BYTES: Record<string, number> = {uint8: 1, uint16: 2, float16: 2};

export interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: {dtype?: string};
}
export interface ManifestGroup {
  paths: string[];
  weights: ManifestEntry[];
}

const gb = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

/** A weight file's path must stay beside model.json: no "..", no absolute path, no other host. */
export function checkShardPath(p: unknown): string {
  if (typeof p !== "string" || p === "") throw new Error("model.json names a weight file with an empty or non-text path");
  if (/^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith("/") || p.startsWith("\\") || p.split(/[\\/]/).includes("..")) {
    throw new Error(`model.json names the weight file "${p.slice(0, 80)}" outside its own folder; weight files must sit beside model.json`);
  }
  return p;
}

/** The weight groups, checked; returns them with the bytes the shards must hold in total. */
export function checkManifest(modelJson: unknown): {groups: ManifestGroup[]; bytes: number; values: number} {
  const manifest = (modelJson as {weightsManifest?: unknown}).weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw new Error("model.json's weightsManifest is not a list");
  let bytes = 0, values = 0;
  for (const g of manifest as ManifestGroup[]) {
    if (!g || !Array.isArray(g.paths) || !Array.isArray(g.weights)) throw new Error("model.json's weightsManifest has a group without paths and weights lists");
    g.paths.forEach(checkShardPath);
    for (const w of g.weights) {
      const name = typeof w?.name === "string" ? w.name.slice(0, 80) : "?";
      if (!Array.isArray(w?.shape) || !w.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        throw new Error(`weight "${name}" has shape ${JSON.stringify(w?.shape)?.slice(0, 80)}; a shape is a list of whole numbers >= 0`);
      }
      const q = w.quantization?.dtype;
      const per = q !== undefined ? QUANTIZED_BYTES[q] : DTYPE_BYTES[w.dtype];
      if (per === undefined) {
        throw new Error(q !== undefined
          ? `weight "${name}" is quantized as ${String(q).slice(0, 20)}; tfjs reads uint8, uint16 or float16 quantization`
          : `weight "${name}" has dtype ${String(w.dtype).slice(0, 20)}; model weights here are float32, int32 or bool`);
      }
      const n = w.shape.reduce((a, b) => a * b, 1);
      values += n;
      if (values > MAX_WEIGHT_VALUES) throw new Error(`model.json declares more than ${MAX_WEIGHT_VALUES.toLocaleString("en")} weight values (${gb(values * 4)} or more as float32): too large to load in a browser tab`);
      bytes += n * per;
    }
  }
  return {groups: manifest as ManifestGroup[], bytes, values};
}

/** The weight files' total size against what the manifest declares. */
export function checkShardBytes(declared: number, found: number): void {
  if (declared !== found) {
    throw new Error(`the weight files hold ${found.toLocaleString("en")} bytes but model.json declares ${declared.toLocaleString("en")}: a weight file is truncated, missing or from another model`);
  }
}

const SIZE_KEYS = ["units", "filters", "kernel_size", "depth_multiplier", "input_dim", "output_dim"] as const;

interface LayerConfig {
  class_name?: string;
  config?: Record<string, unknown> & {name?: string; layers?: unknown};
}

/** Every layer config of a (possibly nested) layers-model topology. */
function layerConfigs(topology: unknown): LayerConfig[] {
  const out: LayerConfig[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 20 || !node || typeof node !== "object") return;
    const n = node as {model_config?: unknown; config?: {layers?: unknown}; class_name?: string};
    if (n.model_config) return visit(n.model_config, depth + 1);
    const layers = n.config?.layers;
    if (layers === undefined) return;
    if (!Array.isArray(layers)) throw new Error("model.json's layers model has no list of layers");
    for (const l of layers as LayerConfig[]) {
      out.push(l);
      if (l?.config && Array.isArray((l.config as {layers?: unknown}).layers)) visit(l, depth + 1);
    }
  };
  visit(topology, 0);
  return out;
}

/**
 * Each layer's declared sizes (units, filters, kernel size, ...) must appear among the
 * dimensions of that layer's weights in the manifest; otherwise tfjs would build (and fill
 * with random initial values) variables of a size nothing on disk backs.
 */
export function checkLayerSizes(topology: unknown, groups: ManifestGroup[]): void {
  const weights = groups.flatMap((g) => g.weights);
  for (const l of layerConfigs(topology)) {
    const c = l?.config;
    if (!c || typeof c.name !== "string") continue;
    const sizes = SIZE_KEYS.flatMap((k) => (c[k] === undefined ? [] : Array.isArray(c[k]) ? (c[k] as unknown[]) : [c[k]]));
    if (!sizes.length) continue;
    const dims = new Set(weights.filter((w) => w.name.split("/").includes(c.name as string)).flatMap((w) => w.shape));
    for (const s of sizes) {
      if (typeof s !== "number" || !Number.isSafeInteger(s) || s < 0) throw new Error(`layer "${c.name.slice(0, 60)}" has a size ${JSON.stringify(s)?.slice(0, 40)} that is not a whole number`);
      if (s > 1 && !dims.has(s)) {
        throw new Error(dims.size
          ? `layer "${c.name.slice(0, 60)}" declares size ${s}, which none of its weights in model.json has: the topology and the weights disagree`
          : `layer "${c.name.slice(0, 60)}" (size ${s}) has no weights in model.json`);
      }
    }
  }
}
