// The ShapeTex snapshot after epoch 5 (models/shapetex-snapshots/), packed for the looking-back page.
import {packSnapshot} from "../../../data/node/snapshots.ts";

process.stdout.write(packSnapshot(5));
