// Responsiveness as the reader feels it: the delay of each key press on a control while a long
// computation runs, measured in the page (handler time minus the event's timestamp, by a
// capturing listener on the window: the first handler the event reaches), with the main
// thread's long tasks kept for the failure message. Used by the two responsiveness tests.
import type {Page} from "playwright-core";

/** Start recording key-press delays and long tasks in the page (call before the work starts). */
export async function watchKeyDelays(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as {delays: number[]; longTasks: number[]};
    w.delays = [];
    w.longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.longTasks.push(Math.round(e.duration)); }).observe({type: "longtask"});
    window.addEventListener("keydown", (e) => w.delays.push(performance.now() - e.timeStamp), true);
  });
}

/**
 * Press → and ← alternately `presses` times on the focused control (an even number leaves it
 * where it was), at irregular intervals so that presses land at different points of a step;
 * `after(i)` runs after each press. Returns the delays (ms) and long tasks recorded so far.
 */
export async function pressKeys(page: Page, presses: number, after: (i: number) => Promise<void>): Promise<{delays: number[]; longTasks: number[]}> {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(i % 2 ? "ArrowLeft" : "ArrowRight");
    await page.waitForTimeout(150 + 37 * (i % 5));
    await after(i);
  }
  return page.evaluate(() => {
    const w = window as unknown as {delays: number[]; longTasks: number[]};
    return {delays: w.delays, longTasks: w.longTasks};
  });
}

/** "1.2, 3.4, …" for messages and diagnostics. */
export const listMs = (values: number[]) => values.map((d) => d.toFixed(1)).join(", ") || "none";
