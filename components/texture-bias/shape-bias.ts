// The shape-bias metric of Geirhos et al. (ICLR 2019, Section 3 and Figure 4): on cue-conflict
// images (the shape of one category rendered with the texture of another), count only the
// decisions that name either cue:
//   shape bias = shape decisions / (shape decisions + texture decisions).
// Images whose shape and texture categories agree are left out, and decisions naming neither
// cue ("other") do not enter the ratio.

/** One cue-conflict image's cues and the observer's answer. */
export interface Trial {
  shape: string;
  texture: string;
  response: string;
}

export type Decision = "shape" | "texture" | "other";

export function decisionKind({shape, texture, response}: Trial): Decision {
  if (response === shape) return "shape";
  if (response === texture) return "texture";
  return "other";
}

/** Whether an image counts at all: its two cues must point to different categories. */
export const isCueConflict = (t: {shape: string; texture: string}) => t.shape !== t.texture;

export interface ShapeBias {
  /** shape / (shape + texture); NaN when no decision named either cue. */
  shapeBias: number;
  shape: number;
  texture: number;
  other: number;
  /** Cue-conflict trials counted (shape + texture + other). */
  n: number;
  /** Trials left out because shape and texture agree. */
  excluded: number;
}

export function shapeBias(trials: Iterable<Trial>): ShapeBias {
  let shape = 0, texture = 0, other = 0, excluded = 0;
  for (const t of trials) {
    if (!isCueConflict(t)) { excluded++; continue; }
    const k = decisionKind(t);
    if (k === "shape") shape++;
    else if (k === "texture") texture++;
    else other++;
  }
  return {shapeBias: shape / (shape + texture), shape, texture, other, n: shape + texture + other, excluded};
}

export interface CategoryFractions {
  category: string;
  /** Fraction of the cue-conflict images OF THIS SHAPE CATEGORY decided by shape ("other" in the denominator). */
  shape: number;
  /** Fraction decided by the texture cue. */
  texture: number;
  /** shape / (shape + texture) within the category: one dot of the paper's Figure 4. */
  shapeBias: number;
  n: number;
}

/**
 * The paper's Figure 4, per category: images are grouped by their SHAPE category (the folder
 * they sit in, the "category" column of the raw data) and the metric is taken in each group.
 */
export function perCategory(trials: Iterable<Trial>, categories?: readonly string[]): CategoryFractions[] {
  const groups = new Map<string, Trial[]>();
  for (const c of categories ?? []) groups.set(c, []);
  for (const t of trials) {
    if (!isCueConflict(t)) continue;
    if (!groups.has(t.shape)) groups.set(t.shape, []);
    groups.get(t.shape)!.push(t);
  }
  const order = categories ?? [...groups.keys()].sort();
  return order.map((category) => {
    const b = shapeBias(groups.get(category) ?? []);
    return {category, shape: b.shape / b.n, texture: b.texture / b.n, shapeBias: b.shapeBias, n: b.n};
  });
}
