// The papers' networks in Node (wasm, one core): forward pass and one feature-visualization
// step (modern recipe, redirected ReLU on) at 128 and 224 px, batch 1. `npm run bench papers`.
// Each number comes twice: wall-clock ms, and CPU ms of this process (user + system), which
// on a shared, loaded machine is the better measure of what one free core would take.
import {initTf, tf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {channel} from "../../components/featvis/objectives.ts";
import {render} from "../../components/featvis/render.ts";
import {registerWasmBackpropKernels} from "../../components/tf/wasm-gradients.ts";

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

const LAYERS: Record<string, string> = {"googlenet": "inception_4a", "resnet-50": "res4a"};

export async function benchPapers({sizes = [128, 224], forwards = 5, steps = 4} = {}): Promise<Record<string, number>> {
  await initTf();
  registerWasmBackpropKernels();
  const out: Record<string, number> = {};
  const available = new Set((await listModels()).filter((m) => m.available).map((m) => m.id));
  for (const [id, layer] of Object.entries(LAYERS)) {
    if (!available.has(id)) continue;
    const model = await loadModel(id);
    try {
      for (const size of sizes) {
        const x = tf.randomUniform([1, size, size, 3], 0, 1, "float32", 1) as tf.Tensor4D;
        tf.tidy(() => model.logits(x)).dispose(); // warm-up
        let t = performance.now(), c = process.cpuUsage();
        for (let i = 0; i < forwards; i++) tf.tidy(() => model.logits(x)).dataSync();
        out[`forward_ms.${id}@${size}px`] = +((performance.now() - t) / forwards).toFixed(0);
        out[`forward_cpu_ms.${id}@${size}px`] = +(cpuMs(c) / forwards).toFixed(0);
        x.dispose();
        await render(model, channel(layer, 0), {size, steps: 1, seed: 1}); // warm-up
        c = process.cpuUsage();
        const r = await render(model, channel(layer, 0), {size, steps, seed: 1});
        out[`featvis_ms_per_step.${id}.${layer}@${size}px`] = +((1000 * r.seconds) / steps).toFixed(0);
        out[`featvis_cpu_ms_per_step.${id}.${layer}@${size}px`] = +(cpuMs(c) / steps).toFixed(0);
      }
    } finally {
      model.dispose();
    }
  }
  return out;
}
