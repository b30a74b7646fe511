// Which ImageNet network a figure opens with. Most figures open on the small ShapeTex network
// (fast in any browser); a few open on an ImageNet network, each on one chosen for the figure
// (the feature-visualization atlas on GoogLeNet, the paper's network; the Gram figures and the
// shift sweep on MobileNet v1 0.25, cheap enough to run live). When a build lacks that network,
// the figure falls back to the papers' networks, GoogLeNet first (it needs the asset mirror),
// then ResNet-50 (which a build gets from the npm registry). Ids are plain strings, so chapters
// can call this before those networks are in the registry.

/** The papers' ImageNet networks, best first. */
export const PREFERRED_IMAGENET = ["googlenet", "resnet-50"] as const;

/**
 * The id a figure should open with: `usual` when `available` holds it, else the first of
 * PREFERRED_IMAGENET that `available` holds, else undefined (the caller then opens on its first
 * choice, usually ShapeTex). `usual` may be undefined: then the papers' networks decide.
 */
export function defaultImageNetModel(available: Iterable<string>, usual?: string): string | undefined {
  const have = new Set(available);
  if (usual !== undefined && have.has(usual)) return usual;
  return PREFERRED_IMAGENET.find((id) => have.has(id));
}

/** The same for models.json's entries ({id, available}). */
export function defaultImageNetModelOf(models: ReadonlyArray<{id: string; available: boolean}>, usual?: string): string | undefined {
  return defaultImageNetModel(models.filter((m) => m.available).map((m) => m.id), usual);
}
