// For the "Embed in your course" page: the list of every embeddable figure, and a live log of
// the messages an embedded figure posts (the same contract a course page would use).
import {scrollRegion, tableWithHeader} from "../ui/table.ts";
import {MESSAGE_SOURCE} from "../ui/embed-messages.ts";
import type {EmbedEntry} from "./embed-registry.ts";

const pageHref = (path: string) => (path === "/" ? "./" : `.${path}.html`);

function link(href: string, text: string): HTMLAnchorElement {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

/** One row per embeddable figure: its embed page, what it shows, its chapter and its keys. */
export function embedCatalogue(entries: readonly EmbedEntry[]): HTMLElement {
  const {table, body} = tableWithHeader("cnn-embed-catalogue", ["Embed page", "Figure", "Chapter", "Parameter keys"]);
  table.createCaption().textContent = `All ${entries.length} embeddable figures`;
  for (const e of entries) {
    const tr = body.insertRow();
    const code = document.createElement("code");
    code.append(link(`./embed/${e.widget}.html`, `embed/${e.widget}.html`));
    tr.insertCell().append(code);
    tr.insertCell().textContent = e.title;
    tr.insertCell().append(link(pageHref(e.chapter.path), e.chapter.title));
    tr.insertCell().append(...e.keys.flatMap((k, i) => {
      const c = document.createElement("code");
      c.textContent = k.endsWith(".") ? `${k}*` : k;
      return i ? [", ", c] : [c];
    }));
  }
  return scrollRegion(table, "All embeddable figures");
}

/**
 * The messages `frame` posts, newest last (at most `keep`), as a live list; returns the list
 * and a function that stops listening.
 */
export function embedMessageLog(frame: HTMLIFrameElement, keep = 8): {element: HTMLElement; stop(): void} {
  const list = document.createElement("ol");
  list.className = "cnn-embed-log";
  list.setAttribute("aria-live", "polite");
  list.setAttribute("aria-label", "Messages from the embedded figure");
  const onMessage = (event: MessageEvent) => {
    const m = event.data;
    if (event.source !== frame.contentWindow || m?.source !== MESSAGE_SOURCE) return;
    if (m.type === "resize") frame.height = String(m.height);
    const li = document.createElement("li");
    const detail = m.params ?? m.result ?? m.height;
    li.textContent = `${m.type}: ${JSON.stringify(detail, (_k, v) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v))}`;
    list.append(li);
    while (list.children.length > keep) list.firstElementChild!.remove();
  };
  window.addEventListener("message", onMessage);
  return {element: list, stop: () => window.removeEventListener("message", onMessage)};
}
