// Packed model "mobilenet-v1-0.25-128" for the pages (or a "missing" marker saying why it is left out).
import {writePackedModel} from "../../../data/site/zoo-loader.ts";

await writePackedModel("mobilenet-v1-0.25-128");
