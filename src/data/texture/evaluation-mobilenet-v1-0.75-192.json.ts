// mobilenet-v1-0.75-192's decisions on every Geirhos et al. stimulus in the mirror (cue conflict, edges, silhouettes, the paper's cat).
import {modelEvaluation, print} from "../../../data/precompute/texture-loaders.ts";

await print(() => modelEvaluation("mobilenet-v1-0.75-192"));
