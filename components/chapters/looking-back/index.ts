// What the page bundle exports for the looking-back chapter (src/looking-back.md, src/embed/three-rules.md, occlusion.md, sanity-check.md).
export {threeRulesFigure, RULE_NAMES} from "./three-rules.ts";
export {casesTable, exampleTable, computeExample} from "./worked-example.ts";
export {occlusionFigure} from "./occlusion-figure.ts";
export {sanityFigure} from "./sanity-figure.ts";
export {invarianceFigure} from "./invariance-figure.ts";
export {topPatchesFigure} from "./top-patches-figure.ts";
export {THREE_RULES_EMBED, OCCLUSION_EMBED, SANITY_EMBED, INVARIANCE_EMBED, TOP_PATCHES_EMBED, TRAINING_EMBED, LOOKING_BACK_EMBEDS} from "./embeds.ts";
export {loadPackedWithLayers} from "../../backward/layers-zoo.ts";
export {trainingFigure} from "./training-figure.ts";
