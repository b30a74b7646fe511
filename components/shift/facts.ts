// What the shifts page says about its own image sets, computed from the precomputed sweep
// records the page loads (so "48 test images", "the 12 sample photos" and the example
// interval follow the data): image counts, shift ranges, and one jagged share with its 95%
// Wilson interval, to show how wide the intervals are at this sample size.
import {formatProportion, wilsonInterval} from "../stats/wilson.ts";

interface ProtocolRecord {
  max_shift: number;
  metrics: {images: number; jagged_fraction: number};
}

export interface SweepRecordJson {
  model: string;
  name?: string;
  missing?: string;
  protocols?: Record<string, ProtocolRecord>;
}

export interface SweepSetFacts {
  shapetex?: {images: number; maxShift: number};
  photos?: {images: number; maxShift: number};
  /** e.g. "MobileNet v1 0.25, black canvas: 33% (95% CI 14–61%, n = 12)". */
  example?: string;
}

const isShapeTex = (r: SweepRecordJson) => r.model.startsWith("shapetex");

function setOf(records: SweepRecordJson[]): {images: number; maxShift: number} | undefined {
  const protocols = records.flatMap((r) => Object.values(r.protocols ?? {}));
  if (!protocols.length) return undefined;
  const images = new Set(protocols.map((p) => p.metrics.images));
  const shifts = new Set(protocols.map((p) => p.max_shift));
  // every network of a kind sees the same set; a mismatch is a precompute bug the prose must not hide
  if (images.size > 1 || shifts.size > 1) throw new Error(`sweep records disagree: images ${[...images]}, max shifts ${[...shifts]}`);
  return {images: [...images][0], maxShift: [...shifts][0]};
}

/** The jagged count behind a stored fraction (fractions are k / n for whole k). */
export function jaggedCount(p: ProtocolRecord): number {
  return Math.round(p.metrics.jagged_fraction * p.metrics.images);
}

export function sweepSetFacts(records: SweepRecordJson[]): SweepSetFacts {
  const present = records.filter((r) => !r.missing && r.protocols);
  const photos = present.filter((r) => !isShapeTex(r));
  const first = photos.find((r) => r.protocols?.black);
  const black = first?.protocols?.black;
  return {
    shapetex: setOf(present.filter(isShapeTex)),
    photos: setOf(photos),
    example: first && black ? `${first.name ?? first.model}, black canvas: ${formatProportion(wilsonInterval(jaggedCount(black), black.metrics.images))}` : undefined,
  };
}
