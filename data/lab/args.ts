// Tiny argument parser: `--key value` options, bare `--flag`s, and positionals.
export interface Args {
  options: Map<string, string>;
  flags: Set<string>;
  positional: string[];
}

/** Flags that never take a value, so `--json --model x` parses as intended. */
const BOOLEAN = new Set(["json", "help", "per-image", "decisions", "full", "cue-conflict"]);

export function parseArgs(argv: string[]): Args {
  const options = new Map<string, string>(), flags = new Set<string>(), positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) { positional.push(a); continue; }
    const [key, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) options.set(key, inline);
    else if (!BOOLEAN.has(key) && i + 1 < argv.length && !argv[i + 1].startsWith("--")) options.set(key, argv[++i]);
    else flags.add(key);
  }
  return {options, flags, positional};
}

export function required(args: Args, key: string): string {
  const v = args.options.get(key);
  if (v === undefined || v === "") throw new Error(`missing --${key}`);
  return v;
}

export function numberOption(args: Args, key: string, fallback: number): number {
  const v = args.options.get(key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${key} must be a number, got "${v}"`);
  return n;
}
