// Shift sweeps and metrics of mobilenet-v2-1.0 over the chapter's image set (see data/precompute/shift-loaders.ts).
import {shiftSweepsJson} from "../../../data/precompute/shift-loaders.ts";

process.stdout.write(await shiftSweepsJson("mobilenet-v2-1.0"));
