// `npm run build`: Framework's own build, made reproducible. Framework writes each file's
// modification time into the pages (FileAttachment's lastModified) and into the content
// hashes of the modules that reference it; a loader's output is written during the build, so
// every build got new hashes (and readers re-downloaded everything after each deploy). Framework
// takes one date for all files when `setCurrentDate` is called (what its own tests use): we give
// it SOURCE_DATE_EPOCH (the reproducible-builds convention, seconds) or 0.
import {build} from "@observablehq/framework/dist/build.js";
import {readConfig, setCurrentDate} from "@observablehq/framework/dist/config.js";

export function buildDate(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return new Date(0);
  if (!/^\d+$/.test(raw)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${raw}"`);
  return new Date(Number(raw) * 1000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setCurrentDate(buildDate());
  await build({config: await readConfig(undefined, undefined)});
}
