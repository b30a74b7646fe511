// Activation histograms of shapetex-blurpool over the sample images (see data/precompute/histograms.ts).
import {histogramsJson} from "../../../data/precompute/loaders.ts";

process.stdout.write(await histogramsJson("shapetex-blurpool"));
