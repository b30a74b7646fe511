// Packed model "googlenet" for the pages (or a "missing" marker saying why it is left out).
import {writePackedModel} from "../../../data/site/zoo-loader.ts";

await writePackedModel("googlenet");
