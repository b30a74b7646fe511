// src/data/models.json: every registered network, whether this build carries it, its layers
// (for layer pickers); why any is left out goes to the build log only. Loading each model is the test of
// availability, so this list and the packed .bin files agree.
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {REGISTRY} from "../../components/zoo/registry.ts";
import type {LayerInfo, ModelSource} from "../../components/zoo/types.ts";
import {unavailableReason} from "./models-status.ts";

export interface SiteModel {
  id: string;
  name: string;
  kind: "embedded" | "imagenet";
  description: string;
  available: boolean;
  inputSize?: [number, number];
  classes?: number;
  layers?: LayerInfo[];
  source?: ModelSource;
}

export async function siteModels(): Promise<SiteModel[]> {
  await initTf();
  const out: SiteModel[] = [];
  for (const entry of REGISTRY) {
    const base = {id: entry.id, name: entry.name, kind: entry.kind, description: entry.description};
    try {
      const model = await loadModel(entry.id);
      try {
        out.push({...base, name: model.name, available: true, inputSize: model.inputSize, classes: model.labels.length, layers: model.layers, source: model.source});
      } finally {
        model.dispose();
      }
    } catch (e) {
      // the reason goes to the build log only (the page says "left out" in its own words)
      console.error(`models.json: ${entry.id} left out: ${await unavailableReason(entry.id, e)}`);
      out.push({...base, available: false});
    }
  }
  return out;
}

export async function writeModelsJson(): Promise<void> {
  const models = await siteModels();
  for (const m of models) if (m.available) console.error(`models.json: ${m.id} available`);
  process.stdout.write(JSON.stringify({models}, null, 1) + "\n");
}
