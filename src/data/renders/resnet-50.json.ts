// Precomputed activation-maximisation renders of resnet-50 (committed by npm run precompute; never computed during a build).
import {renderAtlasJson} from "../../../data/precompute/loaders.ts";
import {notPrecomputed} from "../../../data/precompute/paper-nets.ts";

const missing = notPrecomputed("renders", "resnet-50", {layers: []});
process.stdout.write(missing ? JSON.stringify(missing) : await renderAtlasJson("resnet-50"));
