// From 1000 ImageNet probabilities to a decision among Geirhos et al.'s 16 categories
// (ICLR 2019, Section 2.2 "Mapping ImageNet predictions to 16 categories"): each category's
// probability is the MEAN over its ImageNet classes, and the decision is the category with the
// largest one. Models whose outputs are in another order (Tiny Darknet) pass `standardIndexOf`.
import {CATEGORY_INDICES} from "./category-table.ts";

export {CATEGORY_INDICES};

/** The 16 categories, alphabetical (the order of the paper's figures). */
export const CATEGORIES: readonly string[] = Object.keys(CATEGORY_INDICES).sort();

/**
 * For every category, the positions in the model's OWN output vector that belong to it.
 * standardIndexOf[i] = standard ImageNet index of output i (omit for standard-order models).
 */
export function categoryOutputs(standardIndexOf?: ArrayLike<number>): number[][] {
  if (!standardIndexOf) return CATEGORIES.map((c) => [...CATEGORY_INDICES[c]]);
  const ownIndexOf = new Map<number, number>();
  for (let i = 0; i < standardIndexOf.length; i++) ownIndexOf.set(standardIndexOf[i], i);
  return CATEGORIES.map((c) => CATEGORY_INDICES[c].map((s) => {
    const own = ownIndexOf.get(s);
    if (own === undefined) throw new Error(`ImageNet class ${s} (${c}) is not among the model's outputs`);
    return own;
  }));
}

/** The 16 category probabilities: the mean of each category's class probabilities. */
export function categoryProbabilities(probabilities: ArrayLike<number>, outputs: number[][] = categoryOutputs()): number[] {
  return outputs.map((idx) => {
    let sum = 0;
    for (const i of idx) sum += probabilities[i];
    return sum / idx.length;
  });
}

/** The category a model chooses for one image (ties go to the first category). */
export function categoryDecision(probabilities: ArrayLike<number>, outputs: number[][] = categoryOutputs()): string {
  const p = categoryProbabilities(probabilities, outputs);
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return CATEGORIES[best];
}
