// Precomputed activation-maximisation renders of tiny-darknet (see data/precompute/renders.ts).
import {renderAtlasJson} from "../../../data/precompute/loaders.ts";

process.stdout.write(await renderAtlasJson("tiny-darknet"));
