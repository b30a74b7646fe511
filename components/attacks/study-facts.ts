// Sentences the chapter states about the precomputed adversarial study (data/precompute/
// transfer.ts), computed from the study itself so the prose cannot drift from the data:
// FGSM's success against the network attacked and its transfer to the others, each pooled
// over (image, network) pairs with a 95% Wilson interval.
import {formatProportion, wilsonInterval, type Interval} from "../stats/wilson.ts";

interface Cell {
  changed: number;
  n: number;
}

export interface StudyForFacts {
  missing?: string;
  eps: readonly number[];
  transferEps: number;
  images: string[];
  networks: Array<{id: string; name: string}>;
  success: Record<string, Array<Cell & {eps: number}>>;
  transfer: Record<string, Record<string, Cell>>;
}

const pool = (cells: Cell[]): Interval => wilsonInterval(cells.reduce((s, c) => s + c.changed, 0), cells.reduce((s, c) => s + c.n, 0));

/** Top-1 changed on the attacked network itself at ε, pooled over networks. */
export function pooledSuccess(study: StudyForFacts, eps: number): Interval {
  return pool(study.networks.map((n) => {
    const c = study.success[n.id].find((x) => x.eps === eps);
    if (!c) throw new Error(`ε = ${eps} is not in the study (${study.eps.join(", ")})`);
    return c;
  }));
}

/** Top-1 changed on another network at the transfer ε, pooled over all (attacked, tested) pairs. */
export function pooledTransfer(study: StudyForFacts): Interval {
  return pool(study.networks.flatMap((a) => study.networks.filter((b) => b.id !== a.id).map((b) => study.transfer[a.id][b.id])));
}

/** The chapter's sentence about the study, or why there is none. */
export function studySentence(study: StudyForFacts): string {
  if (study.missing) return study.missing;
  const first = study.eps[0];
  const unit = "image × network pairs";
  return `over ${study.images.length} images and ${study.networks.length} networks (${study.networks.map((n) => n.name).join(", ")}), ` +
    `FGSM at ε = ${first}/255 changed the attacked network's own top-1 in ${formatProportion(pooledSuccess(study, first), 0, unit)}; ` +
    `at ε = ${study.transferEps}/255 the same adversarial images changed another network's top-1 in ${formatProportion(pooledTransfer(study), 0, "image × attacked × tested triples")}.`;
}
