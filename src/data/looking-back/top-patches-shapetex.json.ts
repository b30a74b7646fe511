// The top-activations figure precomputed for shapetex (see data/precompute/top-patches.ts).
import {topPatchesJson} from "../../../data/precompute/top-patches.ts";

process.stdout.write(await topPatchesJson("shapetex"));
