// `npm run --silent lab -- <experiment> [options] [--json]`: every experiment of the site,
// headless. Each experiment is a module in data/lab/ that exports `options` (its declared
// command line, data/lab/options.ts), `description`, `usage` (generated from both) and
// `run(args)`, which returns one JSON-serialisable object; data/lab/cli.ts parses and prints.
import {pathToFileURL} from "node:url";
import {runLab, type Experiment} from "./lab/cli.ts";

export const EXPERIMENTS: Record<string, () => Promise<Experiment>> = {
  models: () => import("./lab/models.ts"),
  classify: () => import("./lab/classify.ts"),
  featvis: () => import("./lab/featvis.ts"),
  "tflite-check": () => import("./lab/tflite-check.ts"),
  "shape-bias": () => import("./lab/shape-bias.ts"),
  jaggedness: () => import("./lab/jaggedness.ts"),
  gram: () => import("./lab/gram.ts"),
  texture: () => import("./lab/texture.ts"),
  style: () => import("./lab/style.ts"),
  invert: () => import("./lab/invert.ts"),
  backward: () => import("./lab/backward.ts"),
  occlusion: () => import("./lab/occlusion.ts"),
  sanity: () => import("./lab/sanity.ts"),
  invariance: () => import("./lab/invariance.ts"),
  "top-patches": () => import("./lab/top-patches.ts"),
  "training-features": () => import("./lab/training-features.ts"),
  classvis: () => import("./lab/classvis.ts"),
  adversarial: () => import("./lab/adversarial.ts"),
  dream: () => import("./lab/dream.ts"),
  directions: () => import("./lab/directions.ts"),
};

// run only as the command (tests import EXPERIMENTS without running anything)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLab(process.argv.slice(2), EXPERIMENTS).then((code) => process.exit(code));
}
