// The `lab` command itself: pick the experiment, parse its declared options strictly, run it,
// print JSON. Errors are one line on stderr and exit status 1.
import type {Args} from "./args.ts";
import {nearest, parseDeclared, usageText, type OptionSpecs} from "./options.ts";

/** What an experiment module exports. */
export interface Experiment {
  options: OptionSpecs;
  description: string;
  usage: string;
  run: (args: Args) => Promise<unknown>;
}
export type Experiments = Record<string, () => Promise<Experiment>>;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const PROCESS_IO: Io = {out: (s) => process.stdout.write(s + "\n"), err: (s) => process.stderr.write(s + "\n")};

/** The first sentence-line of an experiment's description, for `lab --help`. */
function summary(mod: Experiment): string {
  return mod.description.trim().split("\n")[0];
}

export async function labUsage(EXPERIMENTS: Experiments): Promise<string> {
  const names = Object.keys(EXPERIMENTS);
  const width = Math.max(...names.map((n) => n.length));
  const rows = [];
  for (const n of names) rows.push(`  ${n.padEnd(width)}  ${summary(await EXPERIMENTS[n]())}`);
  return ["usage: npm run --silent lab -- <experiment> [options] [--json]", "", "experiments:", ...rows, "", "`lab <experiment> --help` shows an experiment's options."].join("\n");
}

/** The first line of a message, with control characters and undecodable bytes shown as "?". */
export function oneLine(message: string, max = 400): string {
  const line = message.split(/\r?\n/)[0].replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, "?");
  return line.length > max ? line.slice(0, max - 1) + "…" : line;
}

export async function runLab(argv: string[], EXPERIMENTS: Experiments, io: Io = PROCESS_IO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    io.out(await labUsage(EXPERIMENTS));
    return 0;
  }
  if (!name || !(name in EXPERIMENTS)) {
    const guess = name ? nearest(name, Object.keys(EXPERIMENTS)) : undefined;
    io.err(name
      ? `lab: unknown experiment "${name}"; ${guess ? `did you mean ${guess}?` : `one of ${Object.keys(EXPERIMENTS).join(", ")}`}`
      : `lab: name an experiment (${Object.keys(EXPERIMENTS).join(", ")}); \`lab --help\` describes them`);
    return 1;
  }
  const mod = await EXPERIMENTS[name]();
  try {
    const args = parseDeclared(rest, mod.options, `lab ${name}`);
    if (args.flags.has("help")) {
      io.out(usageText(name, mod.options, mod.description));
      return 0;
    }
    const result = await mod.run(args);
    io.out(args.flags.has("json") ? JSON.stringify(result) : JSON.stringify(result, null, 2));
    return 0;
  } catch (e) {
    io.err(`lab ${name}: ${oneLine(e instanceof Error ? e.message : String(e))}`);
    return 1;
  }
}
