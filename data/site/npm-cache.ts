// Framework's client bundle asks the npm registry for the latest versions of the libraries its
// standard library can load on demand, even when no page uses them. An existing (empty) cache
// folder answers instead, so a build needs no network. The list was found by building with
// networking disabled (`unshare -n npm run build`) after a clean, one failure at a time.
// Where the package is installed, its version names the folder; pages must still import
// those packages bare (bundled from node_modules), never as npm: or implicit CDN imports.
import {readFileSync} from "node:fs";
import path from "node:path";

const ASKED = [
  "react-dom", "react", "@observablehq/sample-datasets", "lodash", "arquero", "apache-arrow", "d3-dsv", "d3", "echarts",
  "htl", "leaflet", "mapbox-gl", "@observablehq/plot", "topojson-client", "parquet-wasm",
];

function installedVersion(root: string, name: string): string | null {
  try {
    return JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version ?? null;
  } catch {
    return null;
  }
}

/** Folder names `<name>@<version>` to create under src/.observablehq/cache/_npm/. */
export function offlineNpmCacheDirs(root: string): string[] {
  return ASKED.map((name) => `${name}@${installedVersion(root, name) ?? "0.0.0-offline"}`);
}
