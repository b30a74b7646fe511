// Charts as one image with a text alternative. Observable Plot labels its mark groups
// (<g aria-label="dot">) without a role, which screen readers read as noise and axe reports
// (aria-prohibited-attr); the chart's <svg> instead gets role="img" and a sentence saying
// what it shows. Pair it with chartWithTable (data-table.ts) for the numbers.
export function describeChart<T extends Element>(chart: T, description: string): T {
  const svgs = chart instanceof SVGSVGElement ? [chart] : Array.from(chart.querySelectorAll("svg"));
  for (const svg of svgs) {
    // Plot labels mark groups and single-element marks (a frame's <rect>) with no role
    for (const el of svg.querySelectorAll("[aria-label], [aria-description]")) {
      if (el.hasAttribute("role")) continue;
      el.removeAttribute("aria-label");
      el.removeAttribute("aria-description");
    }
  }
  const main = svgs.find((s) => !s.closest("[class$='-swatches']")) ?? svgs[0];
  if (main) {
    main.setAttribute("role", "img");
    main.setAttribute("aria-label", description);
  }
  return chart;
}
