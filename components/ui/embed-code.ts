// "Embed or share this figure": the iframe code and link for a figure's current state, and the
// description of an embeddable figure (its embed page, its URL keys, its chapter).
import {onParamsChange, stateFor} from "./url-state.ts";
import {embeddedWidget} from "./embed-messages.ts";

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

export interface EmbedEntry extends EmbedSpec {
  /** The chapter page the figure belongs to ("/" for the home page). */
  chapter: {title: string; path: string};
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
  return new URL(embeddedWidget() ? "../" : "./", location.href).href;
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
  // The code is kept current whether the box is open or not: "toggle" fires a task after the
  // click, so filling it only then left the box empty for a moment after opening.
  refresh();
  lock.box.addEventListener("change", refresh);
  hide.box.addEventListener("change", refresh);
  onParamsChange(refresh);
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
