// Model cards: architecture, parameters, source, license, preprocessing, class order, speed.
import {writeModelCards} from "../../data/site/model-cards.ts";

await writeModelCards();
