// `npx tsx data/precompute/shift-run.ts [ids...]`: recompute the committed shift sweeps
// (data/precomputed/shifts-<id>.json) for the given models, or every available one, on one
// worker thread per core.
import {listModels} from "../node/zoo.ts";
import {coreCount} from "../node/ordered-worker.ts";
import {shiftSweepsJson} from "./shift-loaders.ts";

export async function precomputeShifts(wanted: string[] = []): Promise<void> {
  for (const m of await listModels()) {
    if (wanted.length && !wanted.includes(m.id)) continue;
    if (!m.available) {
      console.error(`${m.id}: skipped (${m.reason})`);
      continue;
    }
    const t = performance.now();
    await shiftSweepsJson(m.id, {recompute: true, workers: coreCount()});
    console.error(`${m.id}: shift sweeps written in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await precomputeShifts(process.argv.slice(2));
