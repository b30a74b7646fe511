// Shift sweeps and metrics of resnet-50 over the chapter's image set (committed by npm run precompute; never computed during a build).
import {shiftSweepsJson} from "../../../data/precompute/shift-loaders.ts";
import {notPrecomputed} from "../../../data/precompute/paper-nets.ts";

const missing = notPrecomputed("shifts", "resnet-50", {protocols: {}});
process.stdout.write(missing ? JSON.stringify(missing) : await shiftSweepsJson("resnet-50"));
