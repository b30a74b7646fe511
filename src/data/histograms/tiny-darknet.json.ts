// Activation histograms of tiny-darknet over the sample images (see data/precompute/histograms.ts).
import {histogramsJson} from "../../../data/precompute/loaders.ts";

process.stdout.write(await histogramsJson("tiny-darknet"));
