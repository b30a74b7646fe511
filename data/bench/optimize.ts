// "Optimizing the input" in Node (wasm): per network, one FGSM (one input gradient at the input
// size), one 10-step targeted PGD (no early stop), one DeepDream octave (10 steps at the input
// size, the middle feature layer). `npm run bench -- optimize`.
import * as tf from "@tensorflow/tfjs";
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {fgsm} from "../../components/attacks/fgsm.ts";
import {pgd} from "../../components/attacks/pgd.ts";
import {dream} from "../../components/dream/dream.ts";
import {noiseImage} from "../../components/attacks/fooling.ts";

const ms = (t0: number) => +(performance.now() - t0).toFixed(0);

export async function benchOptimize(ids?: string[]): Promise<Record<string, number>> {
  await initTf();
  const out: Record<string, number> = {};
  for (const m of await listModels()) {
    if (!m.available || (ids && !ids.includes(m.id))) continue;
    const model = await loadModel(m.id);
    const x = noiseImage(model.inputSize, 64, 1);
    try {
      fgsm(model, x, {epsilon: 1}).dispose(); // warm-up: kernels compile
      let t0 = performance.now();
      fgsm(model, x, {epsilon: 2}).dispose();
      out[`fgsm_ms.${m.id}`] = ms(t0);
      t0 = performance.now();
      (await pgd(model, x, {epsilon: 4, step: 1, iterations: 10, target: 1})).adversarial.dispose();
      out[`pgd10_ms.${m.id}`] = ms(t0);
      const maps = model.layers.filter((l) => l.shape.length === 3);
      const layer = maps[Math.floor(maps.length / 2)].name;
      t0 = performance.now();
      await dream(model, x, {layer, octaves: 1, stepsPerOctave: 10});
      out[`dream_octave10_ms.${m.id}`] = ms(t0);
    } finally {
      tf.dispose(x);
      model.dispose();
    }
  }
  return out;
}
