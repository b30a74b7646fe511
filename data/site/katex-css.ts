// KaTeX's stylesheet with its woff2 fonts inlined as data: URLs, so one self-hosted file is
// enough (Framework copies a referenced file but not the fonts its CSS points to, and its
// CSS bundler has no loader for .woff2). woff/ttf fallbacks are dropped: every browser
// that runs tfjs reads woff2.
import {readFileSync} from "node:fs";
import path from "node:path";

export function katexCssInlined(katexDist: string): string {
  const css = readFileSync(path.join(katexDist, "katex.min.css"), "utf8");
  return css.replace(/src:([^;}]*)/g, (_, sources: string) => {
    const woff2 = /url\((fonts\/[^)]+\.woff2)\)/.exec(sources);
    if (!woff2) return `src:${sources}`;
    const data = readFileSync(path.join(katexDist, woff2[1])).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}
