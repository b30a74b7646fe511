// TF-slim ImageNet classifiers (the TFLite MobileNets) have 1001 outputs: index 0 is
// "background", indices 1..1000 are the 1000 ImageNet classes in the standard (sorted WordNet
// id) order. We drop the background output and so get standard-order models; this checks that
// the label file really says so, name by name, instead of trusting it.
import type {ClassList} from "./imagenet-labels.ts";

export const BACKGROUND_CLASSES = 1;

/** imagenet_labels.txt (1001 lines, "background" first) checked against the standard list. */
export function checkBackgroundLabels(text: string, standard: ClassList, standardNames: string[]): {labels: string[]; standardIndexOf: number[]} {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length !== 1001) throw new Error(`imagenet_labels.txt: expected 1001 lines (background + 1000 classes), got ${lines.length}`);
  if (lines[0].toLowerCase() !== "background") throw new Error(`imagenet_labels.txt: line 1 is "${lines[0]}", expected "background"`);
  lines.slice(1).forEach((name, i) => {
    if (name !== standardNames[i]) throw new Error(`imagenet_labels.txt: line ${i + 2} is "${name}", but standard class ${i} is "${standardNames[i]}"`);
  });
  return {labels: standard.labels, standardIndexOf: standard.labels.map((_, i) => i)};
}

/** The full names of categories.txt ("tench, Tinca tinca"), standard order. */
export function categoryFullNames(categoriesText: string): string[] {
  return categoriesText.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "").map((l) => l.replace(/^n\d{8}\s+/, ""));
}
