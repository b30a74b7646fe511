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

export {mapLayers} from "../../backward/map-layers.ts";
