// Shape bias on ShapeTex, the same metric as on Geirhos et al.'s stimuli. A ShapeTex
// cue-conflict image has the shape of class s and the texture that partners class t != s: an
// answer s is a shape decision, an answer t a texture decision, anything else "other".
import {SHAPES} from "../datasets/shapetex.ts";
import {shapeBias, perCategory, type ShapeBias, type CategoryFractions} from "./shape-bias.ts";

export function shapeTexTrials(shapes: ArrayLike<number>, textures: ArrayLike<number>, predicted: ArrayLike<number>) {
  return Array.from({length: shapes.length}, (_, i) => ({shape: SHAPES[shapes[i]], texture: SHAPES[textures[i]], response: SHAPES[predicted[i]]}));
}

export function shapeTexShapeBias(shapes: ArrayLike<number>, textures: ArrayLike<number>, predicted: ArrayLike<number>): ShapeBias & {categories: CategoryFractions[]} {
  const trials = shapeTexTrials(shapes, textures, predicted);
  return {...shapeBias(trials), categories: perCategory(trials, SHAPES)};
}
