// The documentation stays true to the code: every relative link in README.md and docs/ resolves
// (the file, and the #anchor where it names one), every path a doc names in a code span exists,
// every `npm run` script and `lab` experiment a doc names exists,
// every `lab` experiment is documented in docs/lab.md and every embeddable figure in
// docs/embedding.md. The lists come from the code (data/lab.ts, the embed registry), so a new
// experiment or figure without its docs fails here.
//
// The rule for "documented": the reference file has a heading (## or deeper) that names the
// experiment or widget in a code span, e.g. "## `jaggedness`" or "### `shift-lab`", and that
// heading's section holds what a reader needs: for an experiment, its command line
// (`lab -- <name>`) and every option its usage text (`usage` in data/lab/<module>.ts) names;
// for a widget, each of its registry keys (a `prefix.` key by any key that starts with it) in a
// code span, and its result message ("Result").
import {test} from "node:test";
import assert from "node:assert/strict";
import {existsSync, readFileSync, readdirSync, statSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {anchors, codeSpans, headings, links, section, slug, type Heading} from "./helpers/markdown.ts";
import {EMBEDS} from "../components/site/embed-registry.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const read = (rel: string) => readFileSync(path.join(ROOT, rel), "utf8");

/** README.md and every Markdown file under docs/, as repository-relative paths. */
function docFiles(): string[] {
  const out = ["README.md"];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(ROOT, dir)).sort()) {
      const rel = path.join(dir, name);
      if (statSync(path.join(ROOT, rel)).isDirectory()) walk(rel);
      else if (name.endsWith(".md")) out.push(rel);
    }
  };
  if (existsSync(path.join(ROOT, "docs"))) walk("docs");
  return out;
}

/** The experiments `npm run lab` knows, read from data/lab.ts: name -> module path. */
function labExperiments(): Map<string, string> {
  const source = read("data/lab.ts");
  const found = new Map<string, string>();
  for (const m of source.matchAll(/^\s*"?([\w-]+)"?\s*:\s*\(\)\s*=>\s*import\(\s*"([^"]+)"\s*\)/gm)) {
    found.set(m[1], path.join("data", m[2]));
  }
  return found;
}

/** The heading that names `name` in a code span, or undefined. */
function headingFor(markdown: string, name: string): Heading | undefined {
  return headings(markdown).find((h) => h.level >= 2 && [...h.text.matchAll(/`([^`]+)`/g)].some((m) => m[1] === name));
}

test("markdown helpers: GitHub's anchors, links outside code, code spans over line breaks", () => {
  assert.equal(slug("`ASSET_MIRROR`"), "asset_mirror");
  assert.equal(slug("Checked against Google's runtime"), "checked-against-googles-runtime");
  assert.equal(slug("Keyboard, screen readers, colour, motion"), "keyboard-screen-readers-colour-motion");
  assert.equal(slug("`lab`: every experiment headless"), "lab-every-experiment-headless");
  assert.deepEqual([...anchors("# A\n## Tests\n### Tests\n```\n# not a heading\n```\n")], ["a", "tests", "tests-1"]);
  const md = "See [a](x.md#b) and `[not](a link)`.\n```\n[no](inside.md)\n```\n![pic](img.png) `wrapped\nspan`";
  assert.deepEqual(links(md).map((l) => [l.target, l.line]), [["x.md#b", 0], ["img.png", 4]]);
  assert.deepEqual(codeSpans(md), ["[not](a link)", "wrapped span"]);
});

test("every relative link in README.md and docs/ resolves, anchors included", () => {
  const files = docFiles();
  assert.ok(files.length > 1, "docs/ holds no Markdown files");
  const broken: string[] = [];
  for (const file of files) {
    const markdown = read(file);
    for (const {target, line} of links(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue; // http:, mailto:, …
      const [rawPath, anchor] = target.split("#", 2);
      const where = `${file}:${line + 1}: ${target}`;
      const resolved = rawPath ? path.join(path.dirname(file), decodeURIComponent(rawPath)) : file;
      if (path.relative(ROOT, path.join(ROOT, resolved)).startsWith("..")) { broken.push(`${where} (leaves the repository)`); continue; }
      if (!existsSync(path.join(ROOT, resolved))) { broken.push(`${where} (no such file: ${resolved})`); continue; }
      if (anchor === undefined) continue;
      if (!resolved.endsWith(".md")) { broken.push(`${where} (an #anchor into a file that is not Markdown)`); continue; }
      if (!anchors(read(resolved)).has(anchor)) broken.push(`${where} (no heading with anchor #${anchor} in ${resolved})`);
    }
  }
  assert.deepEqual(broken, [], `broken links:\n  ${broken.join("\n  ")}`);
});

test("every repository path named in a code span in README.md and docs/ exists", () => {
  // a path: starts at a top-level folder, no placeholders (<id>, *, {a,b}), not a build output
  const isPath = (s: string) => /^(components|data|src|test|models|docs|\.ci)\/[\w.@/-]*$/.test(s) && !s.startsWith("src/_bundle/");
  const missing: string[] = [];
  for (const file of docFiles()) {
    for (const span of new Set(codeSpans(read(file)))) {
      if (isPath(span) && !existsSync(path.join(ROOT, span))) missing.push(`${file}: \`${span}\``);
    }
  }
  assert.deepEqual(missing, [], `paths named in the docs that do not exist:\n  ${missing.join("\n  ")}`);
});

test("every npm script and lab experiment that README.md and docs/ name exists", () => {
  const scripts = new Set(Object.keys((JSON.parse(read("package.json")) as {scripts: Record<string, string>}).scripts));
  const experiments = labExperiments();
  const unknown: string[] = [];
  for (const file of docFiles()) {
    const text = read(file);
    for (const m of text.matchAll(/npm run (?:--silent )?([\w:-]+)/g)) if (!scripts.has(m[1])) unknown.push(`${file}: npm run ${m[1]} (not a script in package.json)`);
    for (const m of text.matchAll(/\blab -- ([a-z][\w-]*)/g)) if (!experiments.has(m[1])) unknown.push(`${file}: lab -- ${m[1]} (not an experiment in data/lab.ts)`);
  }
  assert.deepEqual(unknown, [], `the docs name commands that do not exist:\n  ${unknown.join("\n  ")}`);
});

test("every lab experiment in data/lab.ts has its section in docs/lab.md, with its command and options", async () => {
  const experiments = labExperiments();
  assert.ok(experiments.size >= 5, `read only ${experiments.size} experiments from data/lab.ts; has its registry changed shape?`);
  const doc = read("docs/lab.md");
  const problems: string[] = [];
  for (const [name, module] of experiments) {
    const heading = headingFor(doc, name);
    if (!heading) { problems.push(`${name}: no heading naming \`${name}\` in docs/lab.md (add "## \`${name}\`")`); continue; }
    const text = section(doc, heading);
    if (!text.includes(`lab -- ${name}`)) problems.push(`${name}: its section shows no command line ("npm run --silent lab -- ${name} …")`);
    const {usage} = (await import(path.join(ROOT, module))) as {usage?: string};
    assert.equal(typeof usage, "string", `${module} exports no usage text`);
    const options = new Set([...usage!.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1]).filter((o) => o !== "help"));
    const undocumented = [...options].filter((o) => !new RegExp(`--${o}(?![a-z0-9-])`).test(text));
    if (undocumented.length) problems.push(`${name}: options in ${module}'s usage but not in its section: ${undocumented.map((o) => `--${o}`).join(", ")}`);
  }
  assert.deepEqual(problems, [], `docs/lab.md is missing:\n  ${problems.join("\n  ")}`);
});

test("every embeddable figure in the registry has its section in docs/embedding.md, with its keys and result", () => {
  assert.ok(EMBEDS.length >= 5, "the embed registry is (nearly) empty");
  const doc = read("docs/embedding.md");
  const problems: string[] = [];
  for (const entry of EMBEDS) {
    const heading = headingFor(doc, entry.widget);
    if (!heading) { problems.push(`${entry.widget}: no heading naming \`${entry.widget}\` in docs/embedding.md (add "### \`${entry.widget}\`")`); continue; }
    const text = section(doc, heading);
    const spans = codeSpans(text);
    const missingKeys = entry.keys.filter((k) => !spans.some((s) => (k.endsWith(".") ? s.startsWith(k) && s.length > k.length : s === k || s.startsWith(`${k} `) || s.startsWith(`${k}=`))));
    if (missingKeys.length) problems.push(`${entry.widget}: keys not documented in its section: ${missingKeys.join(", ")}`);
    if (!/\bResult\b/.test(text)) problems.push(`${entry.widget}: its section does not describe its result message ("Result: …")`);
  }
  assert.deepEqual(problems, [], `docs/embedding.md is missing:\n  ${problems.join("\n  ")}`);
});

test("the README stays a front door: under 12,000 characters, the two commands on its first screen", () => {
  const readme = read("README.md");
  assert.ok(readme.length < 12_000, `README.md has ${readme.length} characters; move reference material to docs/`);
  const firstScreen = readme.split("\n").slice(0, 40).join("\n");
  assert.match(firstScreen, /npm (install|ci) && npm start/, "the install-and-start command is not in the README's first 40 lines");
  assert.match(firstScreen, /npm test/, "`npm test` is not in the README's first 40 lines");
  const image = readme.search(/!\[[^\]]*\]\(/), commands = readme.search(/npm (install|ci) && npm start/);
  assert.ok(image < 0 || image > commands, "an image comes before the two commands and pushes them off the first screen");
});
