// mobilenet-v2-1.0's decisions on every Geirhos et al. stimulus in the mirror (cue conflict, edges, silhouettes, the paper's cat).
import {modelEvaluation, print} from "../../../data/precompute/texture-loaders.ts";

await print(() => modelEvaluation("mobilenet-v2-1.0"));
