// Shift sweeps and metrics of shapetex-blurpool over the chapter's image set (see data/precompute/shift-loaders.ts).
import {shiftSweepsJson} from "../../../data/precompute/shift-loaders.ts";

process.stdout.write(await shiftSweepsJson("shapetex-blurpool"));
