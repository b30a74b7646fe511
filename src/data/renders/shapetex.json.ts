// Precomputed activation-maximisation renders of shapetex (see data/precompute/renders.ts).
import {renderAtlasJson} from "../../../data/precompute/loaders.ts";

process.stdout.write(await renderAtlasJson("shapetex"));
