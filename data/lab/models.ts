// `lab models`: every model of the zoo, whether it can be loaded here, and its layers.
import type {Args} from "./args.ts";
import {defineOptions, usageText} from "./options.ts";
import {initTf} from "../node/tf.ts";
import {listModels, loadModel} from "../node/zoo.ts";
import type {LayerInfo} from "../../components/zoo/types.ts";

export const options = defineOptions({});

export const description = `Every model of the zoo, whether it can be loaded here, and its layers.
Lists id, name, available (files present in models/ or the asset mirror $ASSET_MIRROR),
reason when not, and for available models inputSize, classes and layers [{name, shape, kind}].`;

export const usage = usageText("models", options, description);

interface ModelReport {
  id: string;
  name: string;
  available: boolean;
  reason?: string;
  inputSize?: [number, number];
  classes?: number;
  layers?: LayerInfo[];
}

export async function run(_args: Args): Promise<{models: ModelReport[]}> {
  await initTf();
  const models: ModelReport[] = [];
  for (const status of await listModels()) {
    if (!status.available) { models.push(status); continue; }
    try {
      const m = await loadModel(status.id);
      models.push({...status, inputSize: m.inputSize, classes: m.labels.length, layers: m.layers});
      m.dispose();
    } catch (e) {
      models.push({...status, available: false, reason: e instanceof Error ? e.message : String(e)});
    }
  }
  return {models};
}
