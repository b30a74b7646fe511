// `npm run precompute [-- ids...]`: recompute the committed render atlases
// (data/precomputed/renders-<id>.json) for the given models, or all available ones.
import {listModels} from "../node/zoo.ts";
import {renderAtlasJson} from "./loaders.ts";

const wanted = process.argv.slice(2);
for (const m of await listModels()) {
  if (wanted.length && !wanted.includes(m.id)) continue;
  if (!m.available) {
    console.error(`${m.id}: skipped (${m.reason})`);
    continue;
  }
  const t = performance.now();
  await renderAtlasJson(m.id, {recompute: true});
  console.error(`${m.id}: renders written in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
