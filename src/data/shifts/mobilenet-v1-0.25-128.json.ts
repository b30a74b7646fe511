// Shift sweeps and metrics of mobilenet-v1-0.25-128 over the chapter's image set (see data/precompute/shift-loaders.ts).
import {shiftSweepsJson} from "../../../data/precompute/shift-loaders.ts";

process.stdout.write(await shiftSweepsJson("mobilenet-v1-0.25-128"));
