// `npm run --silent lab -- <experiment> [options] [--json]`: every experiment of the site,
// headless. The experiments are listed in data/lab/experiments.ts; each declares its options
// (data/lab/options.ts) and returns one JSON-serialisable object.
import {runLab} from "./lab/cli.ts";

runLab(process.argv.slice(2)).then((code) => process.exit(code));
