// Downloads with a visible progress bar, for the multi-megabyte network files (GoogLeNet
// 7 MB, ResNet-50 30 MB quantized): a small status panel in the corner of the page, one row per
// file, announced politely to screen readers, gone when the file is in. Without a
// Content-Length the bar shows the bytes so far.
import {fetchBytes} from "../zoo/fetch-bytes.ts";

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

/** Bytes as the bars show them: "7.1 MB". */
export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Fetches `url` into an ArrayBuffer while a labelled bar shows how much has arrived. */
export async function downloadWithProgress(url: string, label: string, {signal}: {signal?: AbortSignal} = {}): Promise<ArrayBuffer> {
  if (typeof document === "undefined") return fetchBytes(url, {signal, what: label});
  let row: HTMLElement | null = null, bar: HTMLProgressElement, text: HTMLElement;
  const show = (got: number, total: number) => {
    if (!row) {
      row = document.createElement("div");
      row.className = "cnn-progress";
      bar = document.createElement("progress");
      bar.setAttribute("aria-label", `Downloading ${label}`);
      if (total) bar.max = total;
      text = document.createElement("span");
      text.textContent = `Downloading ${label}${total ? ` (${megabytes(total)})` : ""}…`;
      row.append(bar, " ", text);
      panel().append(row);
      return;
    }
    if (total) bar.value = got;
    text.textContent = `Downloading ${label}: ${megabytes(got)}${total ? ` of ${megabytes(total)}` : ""}`;
  };
  try {
    return await fetchBytes(url, {signal, onBytes: show, what: label});
  } finally {
    (row as HTMLElement | null)?.remove();
    const p = document.getElementById(PANEL_ID);
    if (p && !p.childElementCount) p.remove();
  }
}
