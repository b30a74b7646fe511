// `npm run --silent lab -- <experiment> [options] [--json]`: every experiment of the site,
// headless. Each experiment is a module in data/lab/ exporting `run(args)` that returns one
// JSON-serialisable object; this file only parses arguments and prints.
import {parseArgs, type Args} from "./lab/args.ts";

const experiments: Record<string, () => Promise<{run: (args: Args) => Promise<unknown>; usage: string}>> = {
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
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || !(name in experiments)) {
    console.error(`usage: npm run --silent lab -- <experiment> [options] --json\nexperiments: ${Object.keys(experiments).join(", ")}`);
    return name && name !== "--help" ? 2 : 0;
  }
  const mod = await experiments[name]();
  const args = parseArgs(rest);
  if (args.flags.has("help")) {
    console.error(mod.usage);
    return 0;
  }
  try {
    const result = await mod.run(args);
    process.stdout.write(args.flags.has("json") ? JSON.stringify(result) + "\n" : JSON.stringify(result, null, 2) + "\n");
    return 0;
  } catch (e) {
    console.error(`lab ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
