// "Optimizing the input" in Node (wasm): per network, one FGSM (one input gradient at the input
// size), one 10-step targeted PGD (no early stop), one DeepDream octave (10 steps at the input
// size, the middle feature layer). `npm run bench -- optimize`; BENCH_MODELS=a,b narrows it.
// Each time also comes as CPU ms of the process.
import * as tf from "@tensorflow/tfjs";
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {fgsm} from "../../components/attacks/fgsm.ts";
import {pgd} from "../../components/attacks/pgd.ts";
import {dream} from "../../components/dream/dream.ts";
import {noiseImage} from "../../components/attacks/fooling.ts";

const ms = (t0: number) => +(performance.now() - t0).toFixed(0);
// CPU ms of this process since `c`: on a shared machine, the better estimate of one free core
// (tfjs wasm runs single-threaded in Node)
const cpuMs = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return Math.round((d.user + d.system) / 1000);
};

export async function benchOptimize(ids?: string[]): Promise<Record<string, number>> {
  await initTf();
  const out: Record<string, number> = {};
  for (const m of await listModels()) {
    if (!m.available || (ids && !ids.includes(m.id))) continue;
    if (process.env.BENCH_MODELS && !process.env.BENCH_MODELS.split(",").includes(m.id)) continue;
    const model = await loadModel(m.id);
    const x = noiseImage(model.inputSize, 64, 1);
    try {
      (await fgsm(model, x, {epsilon: 1})).dispose(); // warm-up: kernels compile
      let t0 = performance.now(), c = process.cpuUsage();
      (await fgsm(model, x, {epsilon: 2})).dispose();
      out[`fgsm_ms.${m.id}`] = ms(t0);
      out[`fgsm_cpu_ms.${m.id}`] = cpuMs(c);
      t0 = performance.now(), c = process.cpuUsage();
      (await pgd(model, x, {epsilon: 4, step: 1, iterations: 10, target: 1})).adversarial.dispose();
      out[`pgd10_ms.${m.id}`] = ms(t0);
      out[`pgd10_cpu_ms.${m.id}`] = cpuMs(c);
      const maps = model.layers.filter((l) => l.shape.length === 3);
      const layer = maps[Math.floor(maps.length / 2)].name;
      t0 = performance.now(), c = process.cpuUsage();
      await dream(model, x, {layer, octaves: 1, stepsPerOctave: 10});
      out[`dream_octave10_ms.${m.id}`] = ms(t0);
      out[`dream_octave10_cpu_ms.${m.id}`] = cpuMs(c);
    } finally {
      tf.dispose(x);
      model.dispose();
    }
  }
  return out;
}
