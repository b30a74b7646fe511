// A progress bar with a cancel button for long live work (feature visualization, sweeps).
// The work receives `signal` and reports through `update`; Cancel aborts the signal.
export interface ProgressWidget {
  element: HTMLElement;
  signal: AbortSignal;
  /** Report progress: `done` of `total` steps, with an optional line of detail. */
  update(done: number, total: number, detail?: string): void;
  /** The work ended (normally or not); hides Cancel and shows the final message. */
  finish(message?: string): void;
}

export function progressWidget(label = "Working"): ProgressWidget {
  const controller = new AbortController();
  const element = document.createElement("div");
  element.className = "cnn-progress";
  const bar = document.createElement("progress");
  bar.max = 1;
  bar.value = 0;
  bar.setAttribute("aria-label", label);
  const text = document.createElement("span");
  text.setAttribute("aria-live", "polite");
  text.textContent = `${label}…`;
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  cancel.addEventListener("click", () => {
    controller.abort(new DOMException("cancelled by the reader", "AbortError"));
    cancel.disabled = true;
    text.textContent = `${label}: cancelling…`;
  });
  element.append(bar, " ", text, " ", cancel);
  return {
    element,
    signal: controller.signal,
    update(done, total, detail) {
      bar.value = total > 0 ? Math.min(1, done / total) : 0;
      text.textContent = `${label}: ${done}/${total}${detail ? ` · ${detail}` : ""}`;
    },
    finish(message) {
      cancel.remove();
      if (!controller.signal.aborted) bar.value = 1;
      text.textContent = message ?? (controller.signal.aborted ? `${label}: cancelled` : `${label}: done`);
    },
  };
}
