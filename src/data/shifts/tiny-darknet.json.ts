// Shift sweeps and metrics of tiny-darknet over the chapter's image set (see data/precompute/shift-loaders.ts).
import {shiftSweepsJson} from "../../../data/precompute/shift-loaders.ts";

process.stdout.write(await shiftSweepsJson("tiny-darknet"));
