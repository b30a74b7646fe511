// What the shifts chapter's pages (src/shifts.md and its embeds) import from the bundle
// (Azulay & Weiss 2019; Zhang's blur-pool).
export {samplingDemo} from "./sampling.ts";
export {shiftLab} from "./lab.ts";
export {shiftHeatmap} from "./heatmap.ts";
export {shiftMetricsTable} from "./metrics-table.ts";
export {samplingFigure, shiftLabFigure, blurpoolCompareFigure, jaggednessHeatmapFigure, blurpoolCompareTable} from "./figures.ts";
export {sweepSetFacts} from "../../shift/facts.ts"; // image counts and shift ranges the page states
