// The plainest static server: a URL path names a file, or a folder whose index.html is served;
// no rewriting of /page to page.html. If dist/ works behind this, it works behind any static
// server (python -m http.server, nginx, GitHub Pages, a course's file host). Also serves
// in-memory pages (the embedding host page of the tests) on their own origin.
import {createServer, type Server} from "node:http";
import {readFileSync, statSync} from "node:fs";
import path from "node:path";
import {MIME} from "../../data/site/serve.ts";
import {asSiteServer, type SiteServer} from "./server.ts";

export type PlainServer = SiteServer;

function fileFor(root: string, urlPath: string): string | null {
  const rel = decodeURIComponent(urlPath.split("?")[0].split("#")[0]);
  const p = path.resolve(root, "." + path.posix.normalize("/" + rel));
  if (p !== root && !p.startsWith(root + path.sep)) return null;
  try {
    const st = statSync(p);
    if (st.isFile()) return p;
    if (st.isDirectory() && statSync(path.join(p, "index.html")).isFile()) return path.join(p, "index.html");
  } catch {
    return null;
  }
  return null;
}

/** Serve a folder (root) and/or fixed pages (path → HTML) on a free port of 127.0.0.1. */
export async function servePlain({root, pages = {}}: {root?: string; pages?: Record<string, string>}): Promise<PlainServer> {
  const dir = root ? path.resolve(root) : null;
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    const page = pages[url.split("?")[0]];
    if (page !== undefined) {
      res.writeHead(200, {"content-type": MIME[".html"]}).end(page);
      return;
    }
    const file = dir ? fileFor(dir, url) : null;
    if (!file) {
      res.writeHead(404, {"content-type": "text/plain"}).end("not found\n");
      return;
    }
    res.writeHead(200, {"content-type": MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream"}).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return asSiteServer(server);
}
