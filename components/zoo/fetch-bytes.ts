// Fetch a file into an ArrayBuffer, reporting the bytes as they arrive: what the page's
// download bar (components/ui/download.ts) and the render worker's "downloading" messages
// both draw from. `total` is the Content-Length, or 0 when the server gives none.
export type BytesProgress = (loaded: number, total: number) => void;

export async function fetchBytes(url: string, {signal, onBytes, what = url}: {signal?: AbortSignal; onBytes?: BytesProgress; what?: string} = {}): Promise<ArrayBuffer> {
  const res = await fetch(url, {signal});
  if (!res.ok) throw new Error(`${what}: download failed (HTTP ${res.status})`);
  const total = Number(res.headers.get("content-length")) || 0;
  if (!res.body || !onBytes) return res.arrayBuffer();
  onBytes(0, total);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let got = 0;
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    chunks.push(value);
    got += value.byteLength;
    onBytes(got, total);
  }
  const out = new Uint8Array(got);
  let at = 0;
  for (const c of chunks) (out.set(c, at), (at += c.byteLength));
  return out.buffer;
}
