// Which networks this build of the site carries, their layers, and why any were left out.
import {writeModelsJson} from "../../data/site/models-json.ts";

await writeModelsJson();
