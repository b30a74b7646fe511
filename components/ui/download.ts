// Downloads with a visible progress bar, for the multi-megabyte network files (GoogLeNet
// 7 MB, ResNet-50 30 MB quantized): a small status panel in the corner of the page, one row per
// file, announced politely to screen readers, gone when the file is in. Without a
// Content-Length the bar shows the bytes so far.
const PANEL_ID = "cnn-downloads";

function panel(): HTMLElement {
  let el = document.getElementById(PANEL_ID);
  if (!el) {
    el = document.createElement("div");
    el.id = PANEL_ID;
    el.className = "cnn-downloads";
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    document.body.append(el);
  }
  return el;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Fetches `url` into an ArrayBuffer while a labelled bar shows how much has arrived. */
export async function downloadWithProgress(url: string, label: string, {signal}: {signal?: AbortSignal} = {}): Promise<ArrayBuffer> {
  const res = await fetch(url, {signal});
  if (!res.ok) throw new Error(`${label}: download failed (HTTP ${res.status})`);
  const total = Number(res.headers.get("content-length")) || 0;
  if (!res.body || typeof document === "undefined") return res.arrayBuffer();
  const row = document.createElement("div");
  row.className = "cnn-progress";
  const bar = document.createElement("progress");
  bar.setAttribute("aria-label", `Downloading ${label}`);
  if (total) bar.max = total;
  const text = document.createElement("span");
  text.textContent = `Downloading ${label}${total ? ` (${mb(total)})` : ""}…`;
  row.append(bar, " ", text);
  panel().append(row);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let got = 0;
  try {
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.byteLength;
      if (total) bar.value = got;
      text.textContent = `Downloading ${label}: ${mb(got)}${total ? ` of ${mb(total)}` : ""}`;
    }
  } finally {
    row.remove();
    const p = document.getElementById(PANEL_ID);
    if (p && !p.childElementCount) p.remove();
  }
  const out = new Uint8Array(got);
  let at = 0;
  for (const c of chunks) (out.set(c, at), (at += c.byteLength));
  return out.buffer;
}
