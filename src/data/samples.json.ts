// Example images for the pages: generated ShapeTex images, plus mirror photos when available.
import {writeSamplesJson} from "../../data/site/samples.ts";

await writeSamplesJson();
