// GoogLeNet and ResNet-50 take minutes to hours per precompute on 2 cores (forward passes
// of ~4 GFLOPs each), so a site build never computes their sweeps, evaluations or renders:
// it uses what `npm run precompute` committed under data/precomputed/, or says they are not
// precomputed. The smaller networks keep computing at build time when nothing is committed.
import {existsSync} from "node:fs";
import {registryEntry} from "../../components/zoo/registry.ts";
import {committedPath} from "./committed.ts";

/** True for networks whose precomputes run only through `npm run precompute`. */
export function precomputeOnly(id: string): boolean {
  return registryEntry(id).shipQuantized === true;
}

/** null when the build may go on (committed, or a small network); else the record to print. */
export function notPrecomputed(kind: string, id: string, empty: object): object | null {
  if (!precomputeOnly(id) || existsSync(committedPath(kind, id))) return null;
  return {model: id, missing: `${registryEntry(id).name}: not precomputed in this checkout (npm run precompute)`, ...empty};
}
