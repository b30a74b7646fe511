// Outputs too slow to recompute in CI (activation-maximisation renders of the ImageNet
// networks take many minutes on 2 cores) are committed under data/precomputed/. Each file
// records a key: the sha256 of the packed model plus the settings that made it. For the
// networks the site ships quantized, the hash is of their version-1 (uint8 per-tensor) packed
// file, whatever the site ships now: these outputs are computed with the float32 weights, so a
// change of the site's quantization scheme must not make them stale; the hash still changes
// with every float weight (the per-tensor file is a function of them; test/zoo-papers.test.ts
// checks the committed keys). A loader
// uses the committed file only while the key still matches; otherwise it recomputes.
// `npm run precompute` rewrites them; test/precomputed.test.ts recomputes a sample.
import {createHash} from "node:crypto";
import {existsSync, readFileSync, writeFileSync, mkdirSync} from "node:fs";
import path from "node:path";
import {packModelById} from "../node/zoo.ts";
import {registryEntry} from "../../components/zoo/registry.ts";

export const PRECOMPUTED_DIR = path.resolve(import.meta.dirname, "../precomputed");

export async function modelKey(id: string, settings: object): Promise<string> {
  const fingerprint = await packModelById(id, {quantize: registryEntry(id).shipQuantized ? "per-tensor" : false});
  const hash = createHash("sha256").update(fingerprint).update(JSON.stringify(settings)).digest("hex");
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
