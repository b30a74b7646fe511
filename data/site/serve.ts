// A small static server for the built site (dist/) on 127.0.0.1: `npm start`, and the
// end-to-end tests. Framework's pages link without extensions (/feature-visualization), so a
// path without one falls back to `<path>.html`, and a folder to its index.html.
import {createServer, type Server} from "node:http";
import {createReadStream, statSync} from "node:fs";
import path from "node:path";

export const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The file a URL path names inside root, or null (never anything outside root). */
export function resolveStatic(root: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split("?")[0].split("#")[0]);
  } catch {
    return null;
  }
  const p = path.resolve(root, "." + path.posix.normalize("/" + rel));
  if (p !== root && !p.startsWith(root + path.sep)) return null;
  for (const candidate of [p, p + ".html", path.join(p, "index.html")]) if (isFile(candidate)) return candidate;
  return null;
}

export function serve(root: string, port = 3000, host = "127.0.0.1"): Promise<Server> {
  root = path.resolve(root);
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, {allow: "GET, HEAD"}).end();
      return;
    }
    const file = resolveStatic(root, req.url ?? "/");
    if (!file) {
      const notFound = path.join(root, "404.html");
      res.writeHead(404, {"content-type": MIME[".html"]});
      if (req.method === "HEAD" || !isFile(notFound)) res.end("not found\n");
      else createReadStream(notFound).pipe(res);
      return;
    }
    res.writeHead(200, {
      "content-type": MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "content-length": statSync(file).size,
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--port");
  const port = Number(i >= 0 ? args[i + 1] : process.env.PORT ?? 3000);
  const root = args.find((a, k) => !a.startsWith("--") && args[k - 1] !== "--port") ?? "dist";
  serve(root, port).then((s) => {
    const a = s.address();
    console.error(`serving ${path.resolve(root)} on http://127.0.0.1:${typeof a === "object" && a ? a.port : port}/`);
  });
}
