// `npm run build` runs this after Framework: accessibility fixes to the page template that
// Framework 1.13 has no option for. Every built page gets a language (lang="en"), a viewport
// that lets people zoom (Framework sets maximum-scale=1), a sidebar toggle with an accessible
// name, and a sidebar list whose only children are list items. Idempotent.
import {readdirSync, readFileSync, writeFileSync} from "node:fs";
import path from "node:path";

export function fixPageHtml(html: string): string {
  return html
    .replace(/<html(?![^>]*\blang=)([^>]*)>/, '<html lang="en"$1>')
    .replace(/<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">/, '<meta name="viewport" content="width=device-width, initial-scale=1">')
    .replace(/<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">/, '<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar" aria-label="Show or hide the list of chapters">')
    // the close "button" of the sidebar sits directly in its <ol>: move it just before the list
    .replace(/<ol>(\s*)(<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label>)/, "$2$1<ol>");
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith("_") ? [] : htmlFiles(p);
    return e.name.endsWith(".html") ? [p] : [];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.resolve(process.argv[2] ?? (process.env.SITE_OUTPUT || "dist"));
  const files = htmlFiles(dist);
  for (const f of files) writeFileSync(f, fixPageHtml(readFileSync(f, "utf8")));
  console.log(`postbuild: accessibility fixes applied to ${files.length} pages`);
}
