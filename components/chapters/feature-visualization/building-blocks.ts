// The feature-visualization API as pages see it: `featvis.render(model, objective, options)`
// plus the objectives, parameterizations and transforms it composes.
export {render, octaveSizes, toRGBA, type RenderOptions, type RenderResult, type RGBAImage} from "../../featvis/render.ts";
export {Objective, add, sub, scale, channel, neuron, classLogit, totalVariation, l2} from "../../featvis/objectives.ts";
export {pixelImage, fourierImage} from "../../featvis/param.ts";
export {jitter, randomScale, randomRotate, blur, pad, compose, standardTransforms} from "../../featvis/transforms.ts";
export {redirectReluGradients} from "../../featvis/redirected-relu.ts";
