// What `npm run bench -- chromium` times inside a built page (data/bench/chromium.ts), and what
// the cross-backend test (test/e2e/backends-agree.test.ts) compares: the very functions the
// figures call, so both measure the figures' code on the page's backend. Pages never use this
// export; it adds no code to the bundle (every function is already in it).
export {loadPackedModel} from "../zoo/packed.ts";
export {project} from "../backward/project.ts";
export {RULES} from "../backward/rules.ts";
export {occlusionMap} from "../backward/occlusion.ts";
export {invariance} from "../backward/invariance.ts";
export {fgsm} from "../attacks/fgsm.ts";
export {pgd} from "../attacks/pgd.ts";
export {noiseImage} from "../attacks/fooling.ts";
export {dream} from "../dream/dream.ts";
export {render} from "../featvis/render.ts";
export {channel} from "../featvis/objectives.ts";
export {meanChannelActivations} from "../featvis/channel-activations.ts";
export {sweepShifts} from "../shift/sweep.ts";
export {defaultGeometry, shiftSource} from "../shift/protocols.ts";
export {targetGrams, synthesizeTexture} from "../gram/experiments.ts";
export {gramLayers} from "../gram/defaults.ts";
export {shuffleComparison} from "../gram/position.ts";
