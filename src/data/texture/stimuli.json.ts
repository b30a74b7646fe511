// Thumbnails of the mirror's cue-conflict stimuli and the paper's example images.
import {stimuliThumbnails, print} from "../../../data/precompute/texture-loaders.ts";

await print(() => stimuliThumbnails());
