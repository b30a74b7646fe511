// Embedding: an embed page (src/embed/<widget>.md) shows one figure, sized for an iframe, and
// tells the host page what happens through window.postMessage. Every message is
//   {source: "what-a-cnn-learns", version: 1, widget, type, ...}
// with type "ready" (params), "state" (params, after every change a control makes),
// "result" (result: the widget's answer, e.g. the top-1 class), "resize" (height in px) and
// "error" (a "set" it could not apply). The host may send {source, type: "set", params} to
// change controls as a reader would (locked ones excepted).
// Chapter pages offer the iframe code for a figure's current state (embedCodeControl).
import {applyParam, currentParams, onParamsChange, stateFor} from "./url-state.ts";

export const MESSAGE_SOURCE = "what-a-cnn-learns";
export const MESSAGE_VERSION = 1;
const SITE_TITLE = "What a CNN Learns";

export type EmbedMessage =
  | {source: typeof MESSAGE_SOURCE; version: 1; widget: string; type: "ready" | "state"; params: Record<string, string>}
  | {source: typeof MESSAGE_SOURCE; version: 1; widget: string; type: "result"; result: Record<string, unknown>}
  | {source: typeof MESSAGE_SOURCE; version: 1; widget: string; type: "resize"; height: number}
  | {source: typeof MESSAGE_SOURCE; version: 1; widget: string; type: "error"; message: string; keys: string[]};

let embedded: string | null = null;

const paramsObject = (p: URLSearchParams) => Object.fromEntries([...p].filter(([k]) => k !== "lock" && k !== "hide"));

function post(message: Record<string, unknown> & {type: EmbedMessage["type"]}): void {
  if (!embedded || typeof window === "undefined" || window.parent === window) return;
  window.parent.postMessage({source: MESSAGE_SOURCE, version: MESSAGE_VERSION, widget: embedded, ...message}, "*");
}

/** The widget this page embeds, or null on a chapter page. */
export function embeddedWidget(): string | null {
  return embedded;
}

/**
 * Turn this page into the embed of one widget: iframe layout, and messages to the host page
 * (ready now, state on every change, resize as the content grows or shrinks).
 */
export function startEmbed(widget: string): void {
  if (embedded) return;
  embedded = widget;
  document.documentElement.classList.add("cnn-embedded");
  document.documentElement.dataset.widget = widget;
  post({type: "ready", params: paramsObject(currentParams())});
  onParamsChange((_key, params) => post({type: "state", params: paramsObject(params)}));
  window.addEventListener("message", (event) => {
    const m = event.data;
    if (event.source !== window.parent || m?.source !== MESSAGE_SOURCE || m.type !== "set" || typeof m.params !== "object" || !m.params) return;
    const rejected = Object.entries(m.params as Record<string, unknown>).filter(([k, v]) => !applyParam(k, String(v))).map(([k]) => k);
    if (rejected.length) post({type: "error", message: `not applied (unknown key, invalid value, or locked): ${rejected.join(", ")}`, keys: rejected});
  });
  // the content's own height: the page's scrollHeight would follow the iframe's (min-height:
  // 100vh layouts), and a host that sizes the iframe to it would grow it forever
  const content = () => document.querySelector<HTMLElement>("#observablehq-main") ?? document.body;
  let last = 0;
  const observer = new ResizeObserver(() => {
    const box = content().getBoundingClientRect();
    const height = Math.ceil(box.bottom + window.scrollY + 16);
    if (height !== last) post({type: "resize", height: (last = height)});
  });
  observer.observe(content());
}

/**
 * A widget's answer changed (e.g. the top-1 class). Dispatched on `document` as a
 * "cnn-result" event everywhere, and posted to the host page when embedded.
 */
export function reportResult(widget: string, result: Record<string, unknown>): void {
  if (typeof document === "undefined") return;
  document.dispatchEvent(new CustomEvent("cnn-result", {detail: {widget, result}}));
  post({type: "result", result: {...result, from: widget}});
}

export interface EmbedSpec {
  /** The embed page's name: src/embed/<widget>.md. */
  widget: string;
  /** Parameter keys (or "prefix." entries) that make up this figure's state. */
  keys: readonly string[];
  /** What the figure is, for the iframe's title. */
  title: string;
  /** Suggested iframe height in px. */
  height?: number;
}

/** The URL of a widget's embed page for the current state of its keys. */
export function embedUrl(spec: EmbedSpec, {lock = false, hide = false} = {}): string {
  const params = stateFor(spec.keys);
  const keys = [...params.keys()];
  if (lock && keys.length) params.set("lock", keys.join(","));
  if (hide && keys.length) params.set("hide", keys.join(","));
  const query = params.toString();
  return new URL(`embed/${spec.widget}.html${query ? `?${query}` : ""}`, siteRoot()).href;
}

/** The site's root URL (chapter pages sit at the root; embeds one folder down). */
function siteRoot(): string {
  return new URL(embedded ? "../" : "./", location.href).href;
}

export function iframeCode(spec: EmbedSpec, options: {lock?: boolean; hide?: boolean} = {}): string {
  const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<iframe src="${attr(embedUrl(spec, options))}" title="${attr(`What a CNN Learns: ${spec.title}`)}" width="100%" height="${spec.height ?? 520}" style="border:0" loading="lazy"></iframe>`;
}

async function copyText(text: string, fallback: HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    fallback.focus();
    fallback.select();
    return document.execCommand?.("copy") ?? false; // clipboard API refused (no permission, http)
  }
}

/** "Embed or share this figure": the iframe code (and a link) for the figure's current state. */
export function embedCodeControl(spec: EmbedSpec): HTMLElement {
  const root = document.createElement("details");
  root.className = "cnn-embed-code";
  root.dataset.widget = spec.widget;
  const summary = document.createElement("summary");
  summary.textContent = "Embed or share this figure";
  const lock = checkbox("Lock the current settings");
  const hide = checkbox("Hide the controls");
  const code = document.createElement("textarea");
  code.readOnly = true;
  code.rows = 3;
  code.setAttribute("aria-label", `Embed code for ${spec.title}`);
  const copy = button("Copy embed code");
  const copyLink = button("Copy link to this view");
  const status = document.createElement("span");
  status.className = "cnn-embed-status";
  status.setAttribute("role", "status");
  const note = document.createElement("p");
  note.className = "cnn-embed-note";
  note.textContent = "The link and the embed keep every setting shown; an uploaded image stays in your browser and is not part of them.";
  const options = document.createElement("div");
  options.append(lock.label, hide.label);
  const buttons = document.createElement("div");
  buttons.append(copy, copyLink, status);
  root.append(summary, options, code, buttons, note);
  const refresh = () => { code.value = iframeCode(spec, {lock: lock.box.checked, hide: hide.box.checked}); };
  root.addEventListener("toggle", refresh);
  lock.box.addEventListener("change", refresh);
  hide.box.addEventListener("change", refresh);
  onParamsChange(() => { if (root.open) refresh(); });
  copy.addEventListener("click", async () => {
    refresh();
    status.textContent = (await copyText(code.value, code)) ? "Embed code copied." : "Select the code and copy it.";
  });
  copyLink.addEventListener("click", async () => {
    const link = location.href;
    status.textContent = (await copyText(link, code)) ? "Link copied." : `Copy this link: ${link}`;
  });
  return root;
}

function checkbox(text: string): {label: HTMLLabelElement; box: HTMLInputElement} {
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  label.append(box, ` ${text}`);
  return {label, box};
}

function button(text: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  return b;
}

/** The small footer of an embed page: where the figure comes from. */
export function embedFooter(chapter: {title: string; path: string}): HTMLElement {
  const p = document.createElement("p");
  p.className = "cnn-embed-footer";
  const a = document.createElement("a");
  const params = currentParams();
  params.delete("lock");
  params.delete("hide");
  const query = params.toString();
  a.href = new URL(`../${chapter.path.replace(/^\//, "") || "index"}.html${query ? `?${query}` : ""}`, location.href).href;
  a.target = "_blank";
  a.rel = "noopener";
  a.textContent = `${chapter.title === SITE_TITLE ? SITE_TITLE : `${chapter.title}, ${SITE_TITLE}`} ↗`;
  p.append("From ", a);
  return p;
}
