// `npm run bench`: speed and size, measured (never asserted in tests). Prints one JSON object;
// the README quotes its numbers. Chapters add their own benchmark modules under data/bench/.
import {benchFeatvis} from "./bench/featvis.ts";
import {benchBuild, benchFirstRender} from "./bench/site.ts";

import {benchTrainSection} from "./bench/train.ts";

type Section = Record<string, number | string>;
const sections: Array<[string, () => Promise<Section>]> = [
  ["featvis", () => benchFeatvis()],
  ["train", async () => ({...(await benchTrainSection())})],
  ["build", () => benchBuild()],
  ["browser", () => benchFirstRender()],
];
// chapter benchmarks, each a module exporting one function
const chapters: Array<[string, string, string]> = [
  ["shifts", "./bench/shifts.ts", "benchShifts"],
  ["gram", "./bench/gram.ts", "benchGram"],
  ["embeds", "./bench/embeds.ts", "benchEmbeds"],
  ["papers", "./bench/papers.ts", "benchPapers"],
  ["responsive", "./bench/responsive.ts", "benchResponsive"],
  ["backends", "./bench/backends.ts", "benchBackends"],
  ["backward", "./bench/backward.ts", "benchBackward"],
  ["optimize", "./bench/optimize.ts", "benchOptimize"],
  ["chromium", "./bench/chromium.ts", "benchChromium"],
  ["pool", "./bench/pool.ts", "benchPool"],
];
for (const [name, file, fn] of chapters) {
  sections.push([name, async () => ((await import(file)) as Record<string, () => Promise<Record<string, number>>>)[fn]()]);
}

const only = process.argv.slice(2);
const results: Record<string, Section | string> = {};
for (const [name, run] of sections) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  try {
    results[name] = await run();
  } catch (e) {
    results[name] = `failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}
results.machine = `${process.platform} ${process.arch}, ${(await import("node:os")).cpus().length} cores, node ${process.version}`;
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
