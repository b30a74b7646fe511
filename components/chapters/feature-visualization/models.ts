// The networks a feature-visualization page has built, on the page's current tfjs backend.
// Loaded the first time a figure needs one (never on page load for the live render) and kept,
// so moving a slider never reloads a network; a page makes a new cache when its backend
// changes (WebGL context lost) and disposes the old one with everything in it.
import type {ZooModel} from "../../zoo/types.ts";

export interface FeatvisModels {
  get(id: string): Promise<ZooModel>;
  /** The network's packed file URL, for a worker to load it itself (null: the reader's own, or none). */
  url(id: string): Promise<string | null>;
  dispose(): void;
}

export function featvisModels(load: (id: string) => Promise<ZooModel>, urlOf: (id: string) => Promise<string | null> = async () => null): FeatvisModels {
  const loaded = new Map<string, Promise<ZooModel>>();
  let disposed = false;
  return {
    get(id) {
      if (disposed) return Promise.reject(new Error("this page's networks were released (the backend changed)"));
      let p = loaded.get(id);
      if (!p) {
        p = load(id);
        p.catch(() => loaded.delete(id)); // a failed load may be retried
        loaded.set(id, p);
      }
      return p;
    },
    url: (id) => (disposed ? Promise.resolve(null) : urlOf(id)),
    dispose() {
      disposed = true;
      for (const p of loaded.values()) p.then((m) => m.dispose(), () => {});
      loaded.clear();
    },
  };
}
