// Geirhos et al.'s raw per-trial data (humans, AlexNet, GoogLeNet, VGG-16) through our shape-bias metric.
import {publishedData, print} from "../../../data/precompute/texture-loaders.ts";

await print(publishedData);
