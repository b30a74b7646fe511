// Feature-visualization step time per model in Node (wasm): the cost of one gradient-ascent
// step of the modern recipe at the size the page uses.
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {channel} from "../../components/featvis/objectives.ts";
import {render} from "../../components/featvis/render.ts";
import {featureLayers} from "../precompute/feature-layers.ts";

export async function benchFeatvis(steps = 12): Promise<Record<string, number>> {
  await initTf();
  const out: Record<string, number> = {};
  for (const m of await listModels()) {
    if (!m.available) continue;
    const model = await loadModel(m.id);
    const layers = featureLayers(model);
    const layer = layers[Math.floor(layers.length / 2)].name;
    const size = Math.min(128, model.inputSize[0]);
    await render(model, channel(layer, 0), {size, steps: 2, seed: 1}); // warm-up: kernels compile, memory settles
    const r = await render(model, channel(layer, 0), {size, steps, seed: 1});
    out[`featvis_ms_per_step.${m.id}@${size}px`] = +((1000 * r.seconds) / steps).toFixed(1);
    model.dispose();
  }
  return out;
}
