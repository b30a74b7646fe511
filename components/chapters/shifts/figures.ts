// The shifts chapter's four interactive figures, wired once for the chapter page and for their
// embed pages (src/embed/shift-*.md, blurpool-compare.md): the URL prefix of each figure's
// controls, the widget name it reports under, the element id the tests find it by.
import {samplingDemo} from "./sampling.ts";
import {shiftLab, type ShiftLabModel, type ShiftLabSample} from "./lab.ts";
import {jaggednessFigure, type HeatmapRecord} from "./heatmap.ts";
import {defaultImageNetModel} from "../../zoo/defaults.ts";

export interface ChapterSample extends ShiftLabSample {
  /** "photo" (ImageNet sample) or "shapetex". */
  kind?: string;
}

interface FigureInputs {
  models: ShiftLabModel[];
  samples: ChapterSample[];
  width: number;
}

/** The 1-D demo: URL keys "sampling.*", reports "shift-sampling". */
export function samplingFigure({width}: {width: number}): HTMLElement {
  const demo = samplingDemo({}, {width, params: "sampling", report: "shift-sampling"});
  demo.id = "shift-sampling";
  return demo;
}

/**
 * The shift lab on the ImageNet networks and photos (ShapeTex when those are not in the build),
 * with the two smallest networks ticked so the sweep on load stays cheap (a build without them
 * ticks GoogLeNet, else ResNet-50): URL keys "lab.*",
 * reports "shift-lab".
 */
export function shiftLabFigure({models, samples, width}: FigureInputs): HTMLElement {
  const imagenet = models.filter((m) => !m.fullyConvolutional);
  const photos = samples.filter((s) => s.kind === "photo");
  const lab = shiftLab({
    models: imagenet.length ? imagenet : models,
    samples: imagenet.length && photos.length ? photos : samples,
    enabled: sweptOnLoad(imagenet.map((m) => m.id)), // the others are a tick away (slower)
    width, params: "lab", report: "shift-lab",
  });
  lab.id = "shift-lab";
  return lab;
}

/** The networks ticked on load: the two smallest MobileNet-era networks, else GoogLeNet, else ResNet-50. */
function sweptOnLoad(ids: string[]): string[] | undefined {
  const usual = ["mobilenet-v1-0.25", "tiny-darknet"].filter((id) => ids.includes(id));
  if (usual.length) return usual;
  const paper = defaultImageNetModel(ids);
  return paper ? [paper] : undefined;
}

/** The ShapeTex max-pool and blur-pool networks side by side: URL keys "compare.*", reports "blurpool-compare". */
export function blurpoolCompareFigure({models, samples, width}: FigureInputs): HTMLElement {
  const shapeModels = models.filter((m) => m.fullyConvolutional);
  let figure: HTMLElement;
  if (shapeModels.length) {
    figure = shiftLab({
      models: shapeModels,
      samples: samples.filter((s) => s.kind === "shapetex"),
      sideBySide: true,
      initial: {protocol: "inpaint", maxShift: 16, layer: "pool2"},
      maxShifts: {min: 4, max: 16, step: 4},
      width, params: "compare", report: "blurpool-compare",
    });
  } else {
    figure = document.createElement("p");
    figure.className = "cnn-missing";
    figure.textContent = "The ShapeTex networks are not in this build.";
  }
  figure.id = "shift-compare";
  return figure;
}

/** The jaggedness heatmap of one network and protocol (precomputed): URL key "heatmap", reports "shift-heatmap". */
export function jaggednessHeatmapFigure(records: HeatmapRecord[], {width}: {width: number}): HTMLElement {
  const figure = jaggednessFigure(records, {width, param: "heatmap", report: "shift-heatmap"});
  figure.id = "shift-heatmap";
  return figure;
}
export {blurpoolCompareTable} from "./metrics-table.ts";
