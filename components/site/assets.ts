// URLs of the self-hosted files the bundle needs at run time (tfjs .wasm binaries, KaTeX's
// stylesheet). The bundle step fills them in with Framework's hashed file URLs, so nothing
// here ever points at a CDN.
import {setKatexStylesheet} from "../ui/tex.ts";
import {configureReplicaWorker} from "../tf/worker-stepper.ts";
import {configureRenderWorker} from "../featvis/render-worker.ts";
import {setupTf as setupTfWith, setupsOverTime, type TfOptions, type TfSetup} from "../tf/browser.ts";

export interface SiteAssets {
  wasmPaths?: Record<string, string>;
  katexCss?: string;
  /** The Web Worker for in-page training and live renders (src/_bundle/experiment-worker.js). */
  experimentWorker?: string;
}

const assets: SiteAssets = {};

export function configureSiteAssets(a: SiteAssets): void {
  Object.assign(assets, a);
  setKatexStylesheet(assets.katexCss);
  configureReplicaWorker({url: assets.experimentWorker, wasmPaths: assets.wasmPaths});
  configureRenderWorker({url: assets.experimentWorker, wasmPaths: assets.wasmPaths});
}

export function siteAssets(): Readonly<SiteAssets> {
  return assets;
}

/** The page's tfjs, on the best backend available (see components/tf/browser.ts). */
export function setupTf(options: TfOptions = {}): Promise<TfSetup> {
  return setupTfWith({wasmPaths: assets.wasmPaths, ...options});
}

/**
 * For pages: `const setup = tfBackend();` gives the page's setup, and a new one (wasm or cpu)
 * if the WebGL context is lost, so every cell that uses `setup` recomputes on it.
 */
export function tfBackend(options: TfOptions = {}): AsyncGenerator<TfSetup> {
  return setupsOverTime({wasmPaths: assets.wasmPaths, ...options});
}
