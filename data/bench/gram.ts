// Texture-synthesis speed in Node (wasm): steps per second at 128 and 256 px for each
// available network with its chosen style layers (the default network first), and the tensor
// count after repeated runs (0 = no leak).
import * as tf from "@tensorflow/tfjs";
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import {DEFAULT_GRAM_MODEL, gramLayers} from "../../components/gram/defaults.ts";
import {synthesizeTexture} from "../../components/gram/experiments.ts";
import {renderCueConflict} from "../../components/datasets/shapetex.ts";

export async function benchGram(steps = 10, ids?: string[]): Promise<Record<string, number>> {
  await initTf();
  const out: Record<string, number> = {};
  const wanted = ids ?? (await listModels()).filter((m) => m.available && !m.id.includes("blurpool")).map((m) => m.id);
  for (const id of [DEFAULT_GRAM_MODEL, ...wanted.filter((i) => i !== DEFAULT_GRAM_MODEL)]) {
    if (!wanted.includes(id)) continue;
    const model = await loadModel(id);
    const layers = gramLayers(model).style;
    const before = tf.memory().numTensors;
    for (const size of [128, 256]) {
      const source = tf.tensor4d(renderCueConflict(3, 0, 1, {size}), [1, size, size, 3]); // a striped star: always available
      await synthesizeTexture(model, source, {layers, size, steps: 2, yieldEvery: 1000}); // warm-up
      const r = await synthesizeTexture(model, source, {layers, size, steps, yieldEvery: 1000});
      out[`texture_steps_per_s.${id}@${size}px`] = +(r.steps / r.seconds).toFixed(2);
      source.dispose();
    }
    out[`texture_leaked_tensors.${id}`] = tf.memory().numTensors - before;
    model.dispose();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(await benchGram(10, process.argv.slice(2).length ? process.argv.slice(2) : undefined), null, 2) + "\n");
}
