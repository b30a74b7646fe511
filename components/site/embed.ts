// The site shell's part of embedding: turn a page into the embed of one widget (src/embed/<widget>.md),
// sized for an iframe, talking to the host page (components/ui/embed-messages.ts holds the
// message contract), and the embed page's footer.
import {applyParam, currentParams, onParamsChange} from "../ui/url-state.ts";
import {MESSAGE_SOURCE, markEmbedded, postToHost} from "../ui/embed-messages.ts";

const SITE_TITLE = "What a CNN Learns";
const paramsObject = (p: URLSearchParams) => Object.fromEntries([...p].filter(([k]) => k !== "lock" && k !== "hide"));

/**
 * Turn this page into the embed of one widget: iframe layout, and messages to the host page
 * (ready now, state on every change, resize as the content grows or shrinks).
 */
export function startEmbed(widget: string): void {
  if (!markEmbedded(widget)) return;
  document.documentElement.classList.add("cnn-embedded");
  document.documentElement.dataset.widget = widget;
  postToHost({type: "ready", params: paramsObject(currentParams())});
  onParamsChange((_key, params) => postToHost({type: "state", params: paramsObject(params)}));
  window.addEventListener("message", (event) => {
    const m = event.data;
    if (event.source !== window.parent || m?.source !== MESSAGE_SOURCE || m.type !== "set" || typeof m.params !== "object" || !m.params) return;
    const rejected = Object.entries(m.params as Record<string, unknown>).filter(([k, v]) => !applyParam(k, String(v))).map(([k]) => k);
    if (rejected.length) postToHost({type: "error", message: `not applied (unknown key, invalid value, or locked): ${rejected.join(", ")}`, keys: rejected});
  });
  // the content's own height: the page's scrollHeight would follow the iframe's (min-height:
  // 100vh layouts), and a host that sizes the iframe to it would grow it forever
  const content = () => document.querySelector<HTMLElement>("#observablehq-main") ?? document.body;
  let last = 0;
  const observer = new ResizeObserver(() => {
    const box = content().getBoundingClientRect();
    const height = Math.ceil(box.bottom + window.scrollY + 16);
    if (height !== last) postToHost({type: "resize", height: (last = height)});
  });
  observer.observe(content());
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
