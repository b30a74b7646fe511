// The message contract between an embedded figure and the page that embeds it: every message
// is {source: "what-a-cnn-learns", version: 1, widget, type, ...} with type "ready" (params),
// "state" (params, after every change a control makes), "result" (the widget's answer, e.g. the
// top-1 class), "resize" (height in px) and "error" (a "set" it could not apply). Widgets report
// their results here; the site shell (components/site/embed.ts) starts an embed page.
export const MESSAGE_SOURCE = "what-a-cnn-learns";
export const MESSAGE_VERSION = 1;

export type EmbedMessage =
  | {source: typeof MESSAGE_SOURCE; version: 1; widget: string; type: "ready" | "state"; params: Record<string, string>}
  | {source: typeof MESSAGE_SOURCE; version: 1; widget: string; type: "result"; result: Record<string, unknown>}
  | {source: typeof MESSAGE_SOURCE; version: 1; widget: string; type: "resize"; height: number}
  | {source: typeof MESSAGE_SOURCE; version: 1; widget: string; type: "error"; message: string; keys: string[]};

let embedded: string | null = null;

export function postToHost(message: Record<string, unknown> & {type: EmbedMessage["type"]}): void {
  if (!embedded || typeof window === "undefined" || window.parent === window) return;
  window.parent.postMessage({source: MESSAGE_SOURCE, version: MESSAGE_VERSION, widget: embedded, ...message}, "*");
}

/** The widget this page embeds, or null on a chapter page. */
export function embeddedWidget(): string | null {
  return embedded;
}

/** Marks this page as the embed of `widget` (once); messages are posted from then on. */
export function markEmbedded(widget: string): boolean {
  if (embedded) return false;
  embedded = widget;
  return true;
}

/**
 * A widget's answer changed (e.g. the top-1 class). Dispatched on `document` as a
 * "cnn-result" event everywhere, and posted to the host page when embedded.
 */
export function reportResult(widget: string, result: Record<string, unknown>): void {
  if (typeof document === "undefined") return;
  document.dispatchEvent(new CustomEvent("cnn-result", {detail: {widget, result}}));
  postToHost({type: "result", result: {...result, from: widget}});
}
