// Looking-back chapter speed, in Node (wasm, one core): one projection to pixel space per rule
// (the strongest unit of a channel two thirds of the way up) and one occlusion map (square 1/4
// of the side, stride 1/8: 7x7 positions) per available network. Median of 3 after a warm-up.
// Writes data/bench/backward.json as well as returning the numbers.
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import {initTf, tf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {project} from "../../components/backward/project.ts";
import {RULES} from "../../components/backward/rules.ts";
import {occlusionMap} from "../../components/backward/occlusion.ts";
import {makeRng} from "../../components/random.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn: () => Promise<void> | void, n = 3): Promise<number> {
  await fn(); // warm-up
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return Math.round(median(t));
}

export async function benchBackward(): Promise<Record<string, number>> {
  await initTf();
  const out: Record<string, number> = {};
  const ids = (process.env.BENCH_MODELS?.split(",") ?? (await listModels()).filter((m) => m.available).map((m) => m.id));
  for (const id of ids) {
    const model = await loadModel(id);
    const rng = makeRng(1);
    const [h, w] = model.inputSize;
    const x = tf.tensor4d(Float32Array.from({length: h * w * 3}, () => rng.next()), [1, h, w, 3]);
    const maps = model.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");
    const layer = maps[Math.floor((maps.length * 2) / 3)].name;
    for (const rule of RULES) {
      out[`projection_ms.${id}.${rule}`] = await timed(async () => {
        const p = await project(model, x, {kind: "channel", layer, channel: 0}, rule);
        p.map.dataSync();
        p.map.dispose();
      });
    }
    const size = Math.round(h / 4), stride = Math.round(h / 8);
    const c = process.cpuUsage();
    out[`occlusion_map_ms.${id}`] = await timed(async () => void (await occlusionMap(model, x, {size, stride})), 1);
    const d = process.cpuUsage(c); // the warm-up and the timed run: half of it is one map
    out[`occlusion_map_cpu_ms.${id}`] = Math.round((d.user + d.system) / 2000);
    process.stderr.write(`bench backward: ${id} done\n`);
    x.dispose();
    model.dispose();
  }
  // merged into the file, so that runs narrowed with BENCH_MODELS add up
  const file = new URL("./backward.json", import.meta.url);
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({...earlier, machine: "2 shared cores, Node wasm", ...out}, null, 2) + "\n");
  return out;
}
