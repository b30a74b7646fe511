// `npm run precompute [-- part...]`: regenerate every committed precomputed output
// (data/precomputed/), the slow ones that CI's build reuses while their keys match.
// Parts: renders (feature-visualization atlases, one worker thread per core), shifts (sweeps), texture (Geirhos
// evaluations and reference training runs), gram (texture/style gallery), paper-renders
// (GoogLeNet's and ResNet-50's renders, resumable: hours on 2 cores), quantization (ResNet-50's
// per-stage sensitivity to uint8, then the quantized files' kernel errors and top-1 agreement
// with float32, per tensor and per channel; about 15 minutes on the shared machine), transfer (adversarial
// success and transfer rates), top-patches (the top-activations figure of /looking-back for the
// ShapeTex networks), classvis-gallery (class visualizations of MobileNet v1 0.25 and ShapeTex,
// about 15 minutes on the shared machine, and four classes each of GoogLeNet and ResNet-50, about
// 1.2 hours more; resumable). Default: all.
import {spawnSync} from "node:child_process";
import {listModels} from "../node/zoo.ts";
import {coreCount} from "../node/ordered-worker.ts";
import {renderAtlasJson, RENDERED_MODELS} from "./loaders.ts";
import {precomputeShifts} from "./shift-run.ts";

async function renders(): Promise<void> {
  for (const m of await listModels()) {
    if (!RENDERED_MODELS.includes(m.id)) continue;
    if (!m.available) {
      console.error(`${m.id}: skipped (${m.reason})`);
      continue;
    }
    const t = performance.now();
    await renderAtlasJson(m.id, {recompute: true, workers: coreCount()});
    console.error(`${m.id}: renders written in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
}

/** Scripts that precompute when run directly. */
function script(file: string, ...args: string[]): () => Promise<void> {
  return async () => {
    const r = spawnSync("npx", ["tsx", new URL(file, import.meta.url).pathname, ...args], {stdio: "inherit"});
    if (r.status !== 0) throw new Error(`${file} failed (${r.status})`);
  };
}

const parts: Record<string, () => Promise<void>> = {
  renders,
  shifts: () => precomputeShifts(),
  texture: script("./texture-precompute.ts", "--runs"),
  gram: script("./gram-gallery.ts"),
  "paper-renders": script("./paper-renders.ts"),
  quantization: async () => {
    await script("./quantization-sensitivity.ts", "resnet-50")();
    await script("./quantization-agreement.ts")();
  },
  transfer: script("./transfer.ts"),
  "top-patches": script("./top-patches.ts"),
  "classvis-gallery": script("./classvis-gallery.ts"),
};

const wanted = process.argv.slice(2);
for (const w of wanted) if (!(w in parts)) throw new Error(`unknown part "${w}" (parts: ${Object.keys(parts).join(", ")})`);
for (const [name, run] of Object.entries(parts)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.error(`precompute: ${name}`);
  await run();
}
