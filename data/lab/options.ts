// What a `lab` experiment accepts, declared once: the parser (Node's util.parseArgs, strict),
// the range checks and `lab <experiment> --help` are all derived from the declaration, so the
// usage text cannot drift from what the command really takes.
//
//   export const options = defineOptions({
//     model: opt.text("zoo id, model.json path or URL", {required: true, value: "ID"}),
//     steps: opt.integer("optimisation steps", {default: 128, min: 1, max: 10000}),
//     fit: opt.choice(["center-crop", "stretch"], "how the image fills the input", "center-crop"),
//     full: opt.flag("print the whole matrix"),
//   });
import {parseArgs as nodeParseArgs} from "node:util";
import type {Args} from "./args.ts";

interface Common {
  help: string;
  required?: boolean;
  /** The placeholder shown in usage (`--model ID`). */
  value?: string;
}
export type OptionSpec =
  | (Common & {type: "string"; default?: string})
  | (Common & {type: "number"; integer: boolean; min?: number; max?: number; /** min itself is not allowed */ above?: boolean; default?: number})
  | (Common & {type: "choice"; choices: readonly string[]; default?: string})
  | {type: "flag"; help: string};
export type OptionSpecs = Record<string, OptionSpec>;

/** Every experiment also takes these. */
export const GLOBAL_OPTIONS: OptionSpecs = {
  json: {type: "flag", help: "print the result as one line of JSON"},
  help: {type: "flag", help: "print this usage and exit"},
};

export const defineOptions = <T extends OptionSpecs>(specs: T): T => specs;

type Extra = {required?: boolean; value?: string};
const text = (help: string, o: Extra & {default?: string} = {}): OptionSpec => ({type: "string", help, ...o});
const integer = (help: string, o: Extra & {default?: number; min?: number; max?: number} = {}): OptionSpec => ({type: "number", integer: true, help, ...o});
const number = (help: string, o: Extra & {default?: number; min?: number; max?: number; above?: boolean} = {}): OptionSpec => ({type: "number", integer: false, help, ...o});
const choice = (choices: readonly string[], help: string, fallback?: string, o: Extra = {}): OptionSpec => ({type: "choice", choices, help, default: fallback, ...o});
const flag = (help: string): OptionSpec => ({type: "flag", help});
/** The option builders, as one namespace so they never clash with an experiment's own helpers. */
export const opt = {text, integer, number, choice, flag};

/** A mistake on the command line: one line, shown as is, exit status 1. */
export class UsageError extends Error {}

/** Optimal-string-alignment distance: one typo (swap, drop, add, change) costs 1. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest name, if it is close enough to be a plausible typo (or a prefix of one). */
export function nearest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const n of names) {
    const dist = n.startsWith(name) || name.startsWith(n) ? Math.min(1, editDistance(name, n)) : editDistance(name, n);
    if (dist < bestD) { best = n; bestD = dist; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function describeRange(spec: Extract<OptionSpec, {type: "number"}>): string {
  const kind = spec.integer ? "an integer" : "a number";
  const {min, max} = spec;
  if (min !== undefined && max !== undefined) return `${kind} from ${min}${spec.above ? " (exclusive)" : ""} to ${max}`;
  if (min !== undefined) return `${kind} ${spec.above ? ">" : ">="} ${min}`;
  if (max !== undefined) return `${kind} <= ${max}`;
  return kind;
}

/** The number in `raw`, or a UsageError that says what was expected. */
export function checkNumber(key: string, spec: Extract<OptionSpec, {type: "number"}>, raw: string): number {
  const n = raw.trim() === "" ? NaN : Number(raw);
  const ok = Number.isFinite(n) && (!spec.integer || Number.isInteger(n))
    && (spec.min === undefined || (spec.above ? n > spec.min : n >= spec.min))
    && (spec.max === undefined || n <= spec.max);
  if (!ok) throw new UsageError(`--${key} must be ${describeRange(spec)}, got "${raw}"`);
  return n;
}

/** Rewrites util.parseArgs' multi-line errors as one line that names the fix. */
function explain(e: unknown, names: string[], command: string): UsageError {
  const err = e as {code?: string; message?: string};
  const message = String(err.message ?? e);
  const quoted = /'(-{1,2}[^' ]*)/.exec(message)?.[1];
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const given = (quoted ?? "").replace(/^-+/, "");
      const guess = nearest(given, names);
      return new UsageError(`unknown option ${quoted}; ${guess ? `did you mean --${guess}?` : `\`${command} --help\` lists the options`}`);
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      if (/does not take an argument/.test(message)) return new UsageError(`${quoted} takes no value`);
      if (/ambiguous/.test(message)) return new UsageError(`${quoted} needs a value; for one that starts with a dash write ${quoted}=-VALUE`);
      return new UsageError(`${quoted} needs a value`);
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL": {
      const arg = /'([^']*)'/.exec(message)?.[1] ?? "";
      return new UsageError(`unexpected argument "${arg}": options are written --name value (\`${command} --help\` lists them)`);
    }
    default:
      return new UsageError(message.split("\n")[0]);
  }
}

/**
 * Parses `argv` against the declaration: unknown options, missing required ones, numbers
 * out of range and values outside a choice are UsageErrors. Declared defaults are filled in,
 * so `args.options.get(key)` always sees the documented default.
 */
export function parseDeclared(argv: string[], declared: OptionSpecs, command = "lab"): Args {
  const specs = {...declared, ...GLOBAL_OPTIONS};
  const names = Object.keys(specs);
  // "--from -10": a negative number is a value, not an option (util.parseArgs would call it ambiguous)
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], next = argv[i + 1];
    const spec = /^--[a-z]/.test(a) && !a.includes("=") ? specs[a.slice(2)] : undefined;
    if (spec && spec.type !== "flag" && next !== undefined && /^-(\d|\.\d)/.test(next)) { joined.push(`${a}=${next}`); i++; }
    else joined.push(a);
  }
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({
      args: joined,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(names.map((k) => [k, {type: specs[k].type === "flag" ? "boolean" : "string"}])) as Record<string, {type: "string" | "boolean"}>,
    });
  } catch (e) {
    throw explain(e, names, command);
  }
  const options = new Map<string, string>(), flags = new Set<string>();
  const given = parsed.values as Record<string, string | boolean | undefined>;
  if (given.help) return {options, flags: new Set(["help"]), positional: []};
  const missing: string[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    const v = given[key];
    if (spec.type === "flag") { if (v === true) flags.add(key); continue; }
    if (v === undefined) {
      if (spec.required) missing.push(`--${key}`);
      else if (spec.default !== undefined) options.set(key, String(spec.default));
      continue;
    }
    const raw = String(v);
    if (spec.type === "number") checkNumber(key, spec, raw);
    if (spec.type === "choice" && !spec.choices.includes(raw)) {
      const guess = nearest(raw, spec.choices);
      throw new UsageError(`--${key} must be one of ${spec.choices.join(", ")}, got "${raw}"${guess ? `; did you mean ${guess}?` : ""}`);
    }
    if (spec.type === "string" && spec.required && raw === "") throw new UsageError(`--${key} needs a value`);
    options.set(key, raw);
  }
  if (missing.length) throw new UsageError(`missing ${missing.join(", ")} (\`${command} --help\` shows the usage)`);
  return {options, flags, positional: []};
}

function placeholder(key: string, spec: OptionSpec): string {
  if (spec.type === "flag") return `--${key}`;
  if (spec.type === "choice") return `--${key} ${spec.value ?? spec.choices.join("|")}`;
  return `--${key} ${spec.value ?? (spec.type === "number" ? (spec.integer ? "N" : "X") : "VALUE")}`;
}

/** `lab <name> --help`: a synopsis and one line per option, from the declaration. */
export function usageText(name: string, declared: OptionSpecs, description = ""): string {
  const specs = {...declared, ...GLOBAL_OPTIONS};
  const synopsis = Object.entries(specs).map(([k, s]) => (s.type !== "flag" && s.required ? placeholder(k, s) : `[${placeholder(k, s)}]`));
  const rows = Object.entries(specs).map(([k, s]) => {
    const notes: string[] = [];
    if (s.type !== "flag" && s.required) notes.push("required");
    if (s.type === "number" && (s.min !== undefined || s.max !== undefined)) notes.push(describeRange(s));
    else if (s.type === "number") notes.push(describeRange(s));
    if (s.type !== "flag" && s.default !== undefined) notes.push(`default ${s.default}`);
    return [placeholder(k, s), s.help + (notes.length ? ` (${notes.join("; ")})` : "")];
  });
  const width = Math.max(...rows.map(([p]) => p.length));
  return [
    `usage: npm run --silent lab -- ${name} ${synopsis.join(" ")}`,
    ...(description ? ["", description.trim()] : []),
    "",
    "options:",
    ...rows.map(([p, h]) => `  ${p.padEnd(width)}  ${h}`),
  ].join("\n");
}
