// ImageNet class lists and the map between class orders. The standard order is the sorted
// WordNet ids (categories.txt of Geirhos et al.); darknet lists the same 1000 ids in its own
// order (the first 1000 lines of imagenet.labels.list / imagenet.shortnames.list).

export interface ClassList {
  wnids: string[];
  /** Display name: the first synonym, e.g. "tabby" for "tabby, tabby cat". */
  labels: string[];
}

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");

/** categories.txt: "n01440764 tench, Tinca tinca" per line, standard order. */
export function parseCategories(text: string): ClassList {
  const rows = lines(text).map((line) => {
    const m = /^(n\d{8})\s+(.+)$/.exec(line);
    if (!m) throw new Error(`categories.txt: bad line "${line}"`);
    return {wnid: m[1], label: m[2].split(",")[0].trim()};
  });
  if (rows.length !== 1000) throw new Error(`categories.txt: expected 1000 classes, got ${rows.length}`);
  return {wnids: rows.map((r) => r.wnid), labels: rows.map((r) => r.label)};
}

/** darknet: WordNet ids and short names, one per line, same order; the first 1000 are the classes. */
export function parseDarknetLabels(labelsList: string, shortnamesList: string): ClassList {
  const wnids = lines(labelsList).slice(0, 1000), labels = lines(shortnamesList).slice(0, 1000);
  if (wnids.length !== 1000 || labels.length !== 1000) throw new Error("darknet label lists: expected at least 1000 lines each");
  for (const w of wnids) if (!/^n\d{8}$/.test(w)) throw new Error(`imagenet.labels.list: bad WordNet id "${w}"`);
  return {wnids, labels};
}

/** standardIndexOf[i] = index in `standard` of class i of `own`, matched by WordNet id. */
export function standardIndexOf(own: string[], standard: string[]): number[] {
  const where = new Map(standard.map((w, i) => [w, i]));
  return own.map((w) => {
    const i = where.get(w);
    if (i === undefined) throw new Error(`WordNet id ${w} is not among the standard ImageNet classes`);
    return i;
  });
}
