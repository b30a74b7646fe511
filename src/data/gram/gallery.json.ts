// The Gram chapter's precomputed gallery (committed; see data/precompute/gram-gallery.ts).
import {gramGalleryJson} from "../../../data/precompute/gram-gallery.ts";

process.stdout.write(await gramGalleryJson());
