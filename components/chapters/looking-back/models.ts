// The networks a figure offers: loaded lazily, once per page, on the page's tfjs backend.
import type {ZooModel} from "../../zoo/types.ts";

export interface ModelChoice {
  id: string;
  name: string;
  load(): Promise<ZooModel>;
}

export function modelCache(models: ModelChoice[]) {
  const loaded = new Map<string, Promise<ZooModel>>();
  return {
    get(id: string): Promise<ZooModel> {
      if (!loaded.has(id)) {
        const m = models.find((x) => x.id === id);
        if (!m) return Promise.reject(new Error(`no network "${id}"`));
        const p = m.load();
        p.catch(() => loaded.delete(id)); // a failed load may be retried
        loaded.set(id, p);
      }
      return loaded.get(id)!;
    },
    dispose() {
      for (const p of loaded.values()) void p.then((m) => m.dispose(), () => undefined);
      loaded.clear();
    },
  };
}

/**
 * The layers a reader can look back from, input to output: where a network lists its rectifiers
 * as layers of their own (the MobileNets, Tiny Darknet), those and the pools; where they are
 * fused into the convolutions (ShapeTex), every feature map.
 */
export function mapLayers(model: ZooModel) {
  const maps = model.layers.filter((l) => l.shape.length === 3 && l.kind !== "input");
  return maps.some((l) => l.kind === "activation") ? maps.filter((l) => l.kind === "activation" || l.kind === "pool") : maps;
}
