// Outputs too slow to recompute in CI (activation-maximisation renders of the ImageNet
// networks take many minutes on 2 cores) are committed under data/precomputed/. Each file
// records a key: the sha256 of the packed model plus the settings that made it. A loader
// uses the committed file only while the key still matches; otherwise it recomputes.
// `npm run precompute` rewrites them; test/precomputed.test.ts recomputes a sample.
import {createHash} from "node:crypto";
import {existsSync, readFileSync, writeFileSync, mkdirSync} from "node:fs";
import path from "node:path";
import {packModelById} from "../node/zoo.ts";

export const PRECOMPUTED_DIR = path.resolve(import.meta.dirname, "../precomputed");

export async function modelKey(id: string, settings: object): Promise<string> {
  const hash = createHash("sha256").update(await packModelById(id)).update(JSON.stringify(settings)).digest("hex");
  return hash.slice(0, 16);
}

export function committedPath(kind: string, id: string): string {
  return path.join(PRECOMPUTED_DIR, `${kind}-${id}.json`);
}

/** The committed JSON for (kind, id) if its key matches, else null. */
export function readCommitted(kind: string, id: string, key: string): string | null {
  const file = committedPath(kind, id);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  return (JSON.parse(text) as {key?: string}).key === key ? text : null;
}

export function writeCommitted(kind: string, id: string, json: object): void {
  mkdirSync(PRECOMPUTED_DIR, {recursive: true});
  writeFileSync(committedPath(kind, id), JSON.stringify(json) + "\n");
}
