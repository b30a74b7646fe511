// `npm run --silent bench -- pool`: the heavy precompute and `lab` work on one thread against
// a pool of worker threads (data/precompute/model-pool.ts), on GoogLeNet when the mirror has it
// (BENCH_POOL_MODEL picks another zoo id): 4 channel renders of 16 steps at 128 px, as
// `paper-renders` does them, and the shift sweeps of 8 ShapeTex images (black canvas, 0..16
// px), as `lab jaggedness` does them. Wall and CPU seconds (CPU: the whole process, main thread
// and workers) and whether the two ways gave the same bytes.
import os from "node:os";
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {coreCount} from "../node/ordered-worker.ts";
import {startModelPool} from "../precompute/model-pool.ts";
import {registryEntry} from "../../components/zoo/registry.ts";
import {renderPlan} from "../precompute/feature-layers.ts";
import {serialRenderer} from "../precompute/renders.ts";
import {geometryFor, shapeTexItems, shapeTexSideFor, sweepImageSet} from "../precompute/shift-sweeps.ts";

async function timed<T>(run: () => Promise<T>): Promise<{result: T; wall: number; cpu: number}> {
  const t = performance.now(), c = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(c);
  return {result, wall: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6};
}

const round = (x: number) => +x.toFixed(2);

export async function benchPool(): Promise<Record<string, number | string | boolean>> {
  await initTf();
  const available = new Set((await listModels()).filter((m) => m.available).map((m) => m.id));
  const id = process.env.BENCH_POOL_MODEL ?? (available.has("googlenet") ? "googlenet" : "shapetex");
  const workers = Math.max(2, coreCount());
  const model = await loadModel(id);
  const pool = await startModelPool(id, workers);
  try {
    const layer = renderPlan(model, registryEntry(id).kind === "embedded")[0].layer.name;
    const size = Math.min(128, model.inputSize[0]), channels = [0, 1, 2, 3];
    const renderAll = (render: ReturnType<typeof serialRenderer>) => Promise.all(channels.map((c) => render(layer, [c], {size, steps: 16, seed: c})));
    const load = os.loadavg()[0];
    const rHere = await timed(() => renderAll(serialRenderer(model)));
    const rPool = await timed(() => renderAll(pool.render));
    const sameRenders = rHere.result.every((r, i) => Buffer.from(r.tiles[0].data).equals(Buffer.from(rPool.result[i].tiles[0].data)) && r.objective[0] === rPool.result[i].objective[0]);

    const g = geometryFor(model, 16, "diagonal");
    const items = shapeTexItems(8, shapeTexSideFor(g, "black"));
    const sHere = await timed(() => sweepImageSet(model, items, "black", g));
    const sPool = await timed(() => sweepImageSet(model, items, "black", g, () => {}, pool.sweep));
    const sameSweeps = JSON.stringify(sHere.result.per_image) === JSON.stringify(sPool.result.per_image);
    return {
      model: id, layer, workers, load_average_1m: round(load),
      renders_one_thread_s: round(rHere.wall), renders_pool_s: round(rPool.wall), renders_speedup: round(rHere.wall / rPool.wall),
      renders_cpu_one_thread_s: round(rHere.cpu), renders_cpu_pool_s: round(rPool.cpu), renders_identical: sameRenders,
      sweeps_one_thread_s: round(sHere.wall), sweeps_pool_s: round(sPool.wall), sweeps_speedup: round(sHere.wall / sPool.wall),
      sweeps_cpu_one_thread_s: round(sHere.cpu), sweeps_cpu_pool_s: round(sPool.cpu), sweeps_identical: sameSweeps,
    };
  } finally {
    await pool.close();
    model.dispose();
  }
}
