// The floor plan of components/ (../shared/docs/DESIGN.md), checked from the imports themselves:
// foundations < experiments < generic widgets (ui/) < chapters/<chapter>/ < the site shell (site/).
// A file imports only from its own layer or those below, and chapters never import each other,
// so the plan stays true as chapters are added.
import test from "node:test";
import assert from "node:assert/strict";
import {readdirSync, readFileSync, statSync} from "node:fs";
import path from "node:path";

const COMPONENTS = path.resolve(import.meta.dirname, "../components");
const FOUNDATIONS = new Set(["tf", "zoo", "image", "datasets", "models", "tflite", "stats"]);
const LAYERS = ["foundation", "experiment", "ui", "chapter", "site"] as const;
type Layer = (typeof LAYERS)[number];

/** The layer of a file under components/ and, for chapters, which chapter. */
export function layerOf(file: string): {layer: Layer; chapter?: string} {
  const [top, second] = path.relative(COMPONENTS, file).split(path.sep);
  if (second === undefined || FOUNDATIONS.has(top)) return {layer: "foundation"}; // top-level files (random.ts) are foundations
  if (top === "ui") return {layer: "ui"};
  if (top === "site") return {layer: "site"};
  if (top === "chapters") return {layer: "chapter", chapter: second};
  return {layer: "experiment"}; // featvis/, gram/, shift/, … and every new experiment folder
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : full.endsWith(".ts") ? [full] : [];
  });
}

/** Relative module specifiers of static imports, re-exports and dynamic imports. */
export function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|[\s;])(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']|import\s*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) found.push(m[1] ?? m[2]);
  return found;
}

export function violations(): string[] {
  const problems: string[] = [];
  for (const file of tsFiles(COMPONENTS)) {
    const from = layerOf(file);
    for (const spec of relativeImports(readFileSync(file, "utf8"))) {
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(COMPONENTS + path.sep)) continue;
      const to = layerOf(target);
      const where = `${path.relative(COMPONENTS, file)} imports ${path.relative(COMPONENTS, target)}`;
      if (LAYERS.indexOf(to.layer) > LAYERS.indexOf(from.layer)) problems.push(`${where}: a ${from.layer} file may not import from the ${to.layer} layer`);
      else if (from.layer === "chapter" && to.layer === "chapter" && from.chapter !== to.chapter) problems.push(`${where}: chapters do not import each other`);
    }
  }
  return problems;
}

test("layers: each file imports only from its own layer or those below", () => {
  assert.deepEqual(violations(), []);
});

test("layers: the checker sees imports of every form, and classifies folders", () => {
  assert.deepEqual(relativeImports(`import {a} from "../ui/x.ts";\nexport * from "./y.ts";\nimport type {T} from '../site/z.ts';\nconst m = await import("../chapters/q/r.ts");`), ["../ui/x.ts", "./y.ts", "../site/z.ts", "../chapters/q/r.ts"]);
  assert.equal(layerOf(path.join(COMPONENTS, "random.ts")).layer, "foundation");
  assert.equal(layerOf(path.join(COMPONENTS, "zoo/types.ts")).layer, "foundation");
  assert.equal(layerOf(path.join(COMPONENTS, "backward/rules.ts")).layer, "experiment");
  assert.deepEqual(layerOf(path.join(COMPONENTS, "chapters/shifts/lab.ts")), {layer: "chapter", chapter: "shifts"});
  // the chapters that exist all have their index.ts and embeds.ts
  for (const chapter of readdirSync(path.join(COMPONENTS, "chapters"))) {
    for (const f of ["index.ts", "embeds.ts"]) assert.ok(statSync(path.join(COMPONENTS, "chapters", chapter, f)).isFile(), `chapters/${chapter}/${f}`);
  }
});
