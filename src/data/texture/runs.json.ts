// The committed reference training runs (data/precomputed/texture-runs.json).
import {referenceRunsJson, print} from "../../../data/precompute/texture-loaders.ts";

await print(referenceRunsJson);
