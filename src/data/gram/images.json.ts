// Images for the Gram chapter's live widgets (see data/precompute/gram-images.ts).
import {gramImagesJson} from "../../../data/precompute/gram-images.ts";

process.stdout.write(await gramImagesJson());
