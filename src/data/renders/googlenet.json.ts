// Precomputed activation-maximisation renders of googlenet (committed by npm run precompute; never computed during a build).
import {renderAtlasJson} from "../../../data/precompute/loaders.ts";
import {notPrecomputed} from "../../../data/precompute/paper-nets.ts";

const missing = notPrecomputed("renders", "googlenet", {layers: []});
process.stdout.write(missing ? JSON.stringify(missing) : await renderAtlasJson("googlenet"));
