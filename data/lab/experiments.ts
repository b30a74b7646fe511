// Every `lab` experiment, by name. Each module exports `options` (its declaration, see
// options.ts), `description` (what it does and what it prints) and `run(args)`.
import type {Args} from "./args.ts";
import type {OptionSpecs} from "./options.ts";

export interface Experiment {
  options?: OptionSpecs;
  description?: string;
  /** The pre-declaration usage text; kept so an undeclared module can say what it is. */
  usage?: string;
  run: (args: Args) => Promise<unknown>;
}

export const EXPERIMENTS: Record<string, () => Promise<Experiment>> = {
  models: () => import("./models.ts"),
  classify: () => import("./classify.ts"),
  featvis: () => import("./featvis.ts"),
  "tflite-check": () => import("./tflite-check.ts"),
  "shape-bias": () => import("./shape-bias.ts"),
  jaggedness: () => import("./jaggedness.ts"),
  gram: () => import("./gram.ts"),
  texture: () => import("./texture.ts"),
  style: () => import("./style.ts"),
  invert: () => import("./invert.ts"),
};
