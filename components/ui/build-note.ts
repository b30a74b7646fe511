// The one sentence a page says when this copy of the site was built without some third-party
// material (pretrained networks, photos, stimuli), in the reader's terms, with a link for
// whoever builds the site. The reasons (which file, which folder, which variable) are the
// builder's business: they go to the build log and to `lab models --json`, never to a page.

export interface BuildContents {
  /** models.json's entries. */
  models: ReadonlyArray<{id: string; name: string; kind: "embedded" | "imagenet"; available: boolean}>;
  /** Whether the photos this page shows are in the build (leave out when the page shows none). */
  photos?: boolean;
  /** Whether the Geirhos et al. stimuli this page shows are in the build (likewise). */
  stimuli?: boolean;
}

/** Where the site says what a full build contains (a section of the model cards page). */
export const BUILD_NOTE_ANCHOR = "this-build";

const and = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

/** The sentence, or null when nothing this page uses was left out. */
export function buildNoteText({models, photos, stimuli}: BuildContents): string | null {
  const imagenet = models.filter((m) => m.kind === "imagenet");
  const missingNets = imagenet.filter((m) => !m.available);
  const missingOwn = models.filter((m) => m.kind === "embedded" && !m.available);
  const parts: string[] = [];
  const noImagenet = imagenet.length > 0 && missingNets.length === imagenet.length;
  if (noImagenet) parts.push("the pretrained ImageNet networks");
  else if (missingNets.length > 3) parts.push(`${missingNets.length} of the ${imagenet.length} pretrained ImageNet networks`);
  else if (missingNets.length) parts.push(and(missingNets.map((m) => m.name)));
  if (missingOwn.length) parts.push(missingOwn.length > 1 ? "the small ShapeTex networks" : missingOwn[0].name);
  if (photos === false) parts.push("the example photos");
  if (stimuli === false) parts.push("the stimuli of Geirhos et al.");
  if (!parts.length) return null;
  const consequence = noImagenet && !missingOwn.length
    ? "so these figures use the small ShapeTex networks only"
    : missingNets.length || missingOwn.length
      ? "so these figures offer the other networks"
      : "so the figures that need them stay empty";
  return `This copy of the site was built without ${and(parts)}, ${consequence}.`;
}

/**
 * The sentence as a paragraph with a link to what a full build contains (`href`: the model
 * cards page's section, relative to the page), or null when nothing was left out.
 */
export function buildNote(contents: BuildContents, {href = `./models.html#${BUILD_NOTE_ANCHOR}`, newTab = false}: {href?: string; newTab?: boolean} = {}): HTMLElement | null {
  const text = buildNoteText(contents);
  if (!text) return null;
  const p = document.createElement("p");
  p.className = "cnn-missing cnn-build-note";
  p.dataset.buildNote = "";
  const a = document.createElement("a");
  a.href = href;
  a.textContent = "What a full build adds";
  if (newTab) Object.assign(a, {target: "_blank", rel: "noopener"});
  p.append(`${text} `, a, ".");
  return p;
}
