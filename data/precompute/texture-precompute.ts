// `npx tsx data/precompute/texture-precompute.ts [--runs]`: recompute and commit the
// texture-vs-shape chapter's slow outputs: every available ImageNet model's decisions on the
// mirror's Geirhos stimuli (data/precomputed/texture-evaluation-<id>.json) and, with --runs,
// the reference training runs (data/precomputed/texture-runs.json, via texture-runs.ts).
import {spawnSync} from "node:child_process";
import {listModels} from "../node/zoo.ts";
import {REGISTRY} from "../../components/zoo/registry.ts";
import {modelEvaluation} from "./texture-loaders.ts";

for (const m of await listModels()) {
  if (REGISTRY.find((e) => e.id === m.id)?.kind !== "imagenet") continue;
  if (!m.available) { console.error(`${m.id}: skipped (${m.reason})`); continue; }
  const t = performance.now();
  const r = (await modelEvaluation(m.id, {recompute: true})) as {shapeBias?: number; missing?: string};
  console.error(`${m.id}: ${r.missing ?? `shape bias ${r.shapeBias}`} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
}
if (process.argv.includes("--runs")) {
  const r = spawnSync("npx", ["tsx", new URL("./texture-runs.ts", import.meta.url).pathname], {stdio: "inherit"});
  process.exit(r.status ?? 1);
}
