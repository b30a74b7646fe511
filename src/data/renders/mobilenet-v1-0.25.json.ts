// Precomputed activation-maximisation renders of mobilenet-v1-0.25 (see data/precompute/renders.ts).
import {renderAtlasJson} from "../../../data/precompute/loaders.ts";

process.stdout.write(await renderAtlasJson("mobilenet-v1-0.25"));
