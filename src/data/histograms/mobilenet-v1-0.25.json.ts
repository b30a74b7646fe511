// Activation histograms of mobilenet-v1-0.25 over the sample images (see data/precompute/histograms.ts).
import {histogramsJson} from "../../../data/precompute/loaders.ts";

process.stdout.write(await histogramsJson("mobilenet-v1-0.25"));
