// How sparse each feature layer is over the sample images: the share of activation values that
// are exactly zero, read from the precomputed histograms (data/precompute/histograms.ts). The
// feature-visualization page states these numbers in its prose; they come from here, never
// typed by hand, so they follow the networks when they are retrained.

export interface LayerZeros {
  layer: string;
  fractionZero: number;
}

export interface SparsitySummary {
  model: string;
  name: string;
  /** How many sample images the histograms were taken over. */
  images: number;
  layers: LayerZeros[];
  sparsest?: LayerZeros;
  densest?: LayerZeros;
  /** How many times the zero fraction rises from one layer to the next (of layers.length − 1). */
  rises: number;
}

interface HistogramSetJson {
  model: string;
  missing?: string;
  images: string[];
  layers: Array<{layer: string; fractionZero: number}>;
}

export function sparsity(set: HistogramSetJson, name = set.model): SparsitySummary {
  const layers = set.layers.map((l) => ({layer: l.layer, fractionZero: l.fractionZero}));
  const byZeros = [...layers].sort((a, b) => a.fractionZero - b.fractionZero);
  let rises = 0;
  for (let i = 1; i < layers.length; i++) if (layers[i].fractionZero > layers[i - 1].fractionZero) rises++;
  return {model: set.model, name, images: set.images.length, layers, densest: byZeros[0], sparsest: byZeros.at(-1), rises};
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** One clause per network: "ShapeTex CNN (48 images, 6 layers): 36% (conv2_1) to 81% (conv3_2) exactly zero". */
export function sparsityClause(s: SparsitySummary): string {
  const what = `${s.name} (${s.images} images, ${s.layers.length} layers)`;
  if (!s.sparsest || !s.densest) return `${what}: no histograms`;
  if (s.sparsest.fractionZero === 0) return `${what}: no value exactly zero in any layer`;
  return `${what}: from ${pct(s.densest.fractionZero)} (${s.densest.layer}) to ${pct(s.sparsest.fractionZero)} (${s.sparsest.layer}) of the values exactly zero, rising from one layer to the next ${s.rises} times in ${s.layers.length - 1}`;
}
