// Automated accessibility check: axe-core (injected from node_modules, so nothing is fetched)
// run on the page as it is; the violations a test refuses are the serious and critical ones.
import {createRequire} from "node:module";
import type {Page} from "playwright-core";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's violations on the page (WCAG 2.1 A/AA rules and best practices). */
export async function axeViolations(page: Page, impacts: readonly string[] = ["serious", "critical"]): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({path: AXE});
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as {axe: {run(ctx: Document, o: object): Promise<{violations: Array<{id: string; impact: string | null; help: string; nodes: Array<{target: unknown[]}>}>}>}}).axe;
    const r = await axe.run(document, {resultTypes: ["violations"]});
    return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(" "))}));
  });
  return result.filter((v) => impacts.includes(v.impact ?? ""));
}

/** One line per violation, for an assertion message. */
export const describeViolations = (vs: AxeViolation[]) => vs.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(" | ")}`);
