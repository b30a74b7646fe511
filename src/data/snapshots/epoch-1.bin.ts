// The ShapeTex snapshot after epoch 1 (models/shapetex-snapshots/), packed for the looking-back page.
import {packSnapshot} from "../../../data/node/snapshots.ts";

process.stdout.write(packSnapshot(1));
