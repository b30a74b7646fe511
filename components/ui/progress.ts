// A progress bar with a cancel button for long live work (feature visualization, sweeps).
// The work receives `signal` and reports through `update`; Cancel aborts the signal.
export interface ProgressWidget {
  element: HTMLElement;
  signal: AbortSignal;
  /** Report progress: `done` of `total` steps, with an optional line of detail. */
  update(done: number, total: number, detail?: string): void;
  /** A phase before the steps (a download): the bar at `fraction` (0–1; null: unknown) and a line of detail, no step count. */
  note(fraction: number | null, detail: string): void;
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
  text.textContent = `${label}…`;
  // screen readers hear the start, every quarter and the end, not every step
  const spoken = document.createElement("span");
  spoken.className = "cnn-sr-only";
  spoken.setAttribute("aria-live", "polite");
  spoken.textContent = `${label} started.`;
  let quarter = 0;
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  cancel.addEventListener("click", () => {
    controller.abort(new DOMException("cancelled by the reader", "AbortError"));
    cancel.disabled = true;
    text.textContent = `${label}: cancelling…`;
    spoken.textContent = text.textContent;
  });
  element.append(bar, " ", text, " ", cancel, spoken);
  return {
    element,
    signal: controller.signal,
    update(done, total, detail) {
      bar.value = total > 0 ? Math.min(1, done / total) : 0;
      text.textContent = `${label}: ${done}/${total}${detail ? ` · ${detail}` : ""}`;
      const q = total > 0 ? Math.floor((4 * done) / total) : 0;
      if (q > quarter && q < 4) spoken.textContent = `${label}: ${25 * (quarter = q)}% done.`;
    },
    note(fraction, detail) {
      if (fraction === null) bar.removeAttribute("value"); // indeterminate
      else bar.value = Math.min(1, Math.max(0, fraction));
      text.textContent = `${label} · ${detail}`;
    },
    finish(message) {
      cancel.remove();
      if (!controller.signal.aborted) bar.value = 1;
      text.textContent = message ?? (controller.signal.aborted ? `${label}: cancelled` : `${label}: done`);
      spoken.textContent = text.textContent;
    },
  };
}
