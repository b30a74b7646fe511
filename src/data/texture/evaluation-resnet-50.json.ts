// resnet-50's decisions on every Geirhos et al. stimulus in the mirror (committed by npm run precompute; never computed during a build).
import {modelEvaluation, print} from "../../../data/precompute/texture-loaders.ts";
import {notPrecomputed} from "../../../data/precompute/paper-nets.ts";

await print(async () => notPrecomputed("texture-evaluation", "resnet-50", {}) ?? modelEvaluation("resnet-50"));
