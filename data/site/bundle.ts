// `npm run bundle`: everything the pages run, as ONE browser ES module in src/_bundle/.
// Why: Framework's per-package npm bundling breaks tfjs (seedrandom loses its named
// exports, the wasm backend keeps bare Node built-in imports) and resolves through a CDN.
// esbuild bundles tfjs + our components once, offline and deterministically. The same step
// self-hosts the tfjs .wasm binaries and KaTeX's CSS (fonts inlined), and pre-creates the
// npm cache folders Framework's client bundle would otherwise ask the registry about.
import * as esbuild from "esbuild";
import {builtinModules} from "node:module";
import {mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync} from "node:fs";
import path from "node:path";
import {katexCssInlined} from "./katex-css.ts";
import {offlineNpmCacheDirs} from "./npm-cache.ts";

const root = path.resolve(import.meta.dirname, "../..");
const wasmDir = path.join(root, "node_modules/@tensorflow/tfjs-backend-wasm/dist");
export const WASM_FILES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];

// Node built-ins (bare and node:-prefixed) become an empty module in the browser.
const nodeBuiltins: esbuild.Plugin = {
  name: "node-builtins-empty",
  setup(build) {
    const names = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    build.onResolve({filter: /^[a-z_:/]+$/}, (a) => (names.has(a.path) ? {path: a.path, namespace: "empty"} : undefined));
    build.onLoad({filter: /.*/, namespace: "empty"}, () => ({contents: "export default {};", loader: "js"}));
  },
};

// The module pages import: the entry's exports, configured with the self-hosted asset URLs.
// FileAttachment with literal paths (kept external) makes Framework copy these files into
// dist with content hashes; `.href` is their final URL.
const assetsPrelude = `
import {FileAttachment} from "observablehq:stdlib";
import {configureSiteAssets} from ${JSON.stringify(path.join(root, "components/site/entry.ts"))};
configureSiteAssets({
  wasmPaths: {${WASM_FILES.map((f) => `${JSON.stringify(f)}: FileAttachment(${JSON.stringify("./" + f)}).href`).join(", ")}},
  katexCss: FileAttachment("./katex.css").href,
  experimentWorker: FileAttachment("./experiment-worker.js").href,
});
export * from ${JSON.stringify(path.join(root, "components/site/entry.ts"))};
`;

/** esbuild options both bundles share: one minified browser ES module, the same bytes every time. */
const browserModule = {
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  charset: "utf8",
  plugins: [nodeBuiltins],
  define: {"process.env.NODE_ENV": '"production"'},
  logLevel: "warning",
} satisfies esbuild.BuildOptions;

/** Writes cnn.js, experiment-worker.js (the Web Worker for training and live renders), the .wasm binaries and katex.css into `out` (default src/_bundle). */
export async function bundle(out = path.join(root, "src/_bundle")): Promise<{bytes: number; file: string; metafile: esbuild.Metafile; worker: {file: string; metafile: esbuild.Metafile}}> {
  rmSync(out, {recursive: true, force: true});
  mkdirSync(out, {recursive: true});
  for (const f of WASM_FILES) copyFileSync(path.join(wasmDir, f), path.join(out, f));
  writeFileSync(path.join(out, "katex.css"), katexCssInlined(path.join(root, "node_modules/katex/dist")));
  const file = path.join(out, "cnn.js");
  const result = await esbuild.build({
    ...browserModule,
    stdin: {contents: assetsPrelude, resolveDir: root, sourcefile: "site-bundle.js", loader: "js"},
    outfile: file,
    external: ["observablehq:stdlib"],
    metafile: true,
  });
  // Framework does not bundle workers: the worker is its own module, copied into dist as a
  // FileAttachment (see the prelude), loaded with new Worker(url, {type: "module"})
  const workerFile = path.join(out, "experiment-worker.js");
  const worker = await esbuild.build({...browserModule, entryPoints: [path.join(root, "components/site/experiment-worker.ts")], outfile: workerFile, metafile: true});
  for (const dir of offlineNpmCacheDirs(root)) mkdirSync(path.join(root, "src/.observablehq/cache/_npm", dir), {recursive: true});
  return {bytes: readFileSync(file).length, file, metafile: result.metafile, worker: {file: workerFile, metafile: worker.metafile}};
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  bundle().then(({bytes, file}) => console.error(`bundle: ${path.relative(root, file)} ${(bytes / 1024).toFixed(0)} KiB in ${Date.now() - t0} ms`));
}
