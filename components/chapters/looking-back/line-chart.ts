// A small multi-line SVG chart (no dependencies), described for screen readers by the caller.
export interface Series {
  name: string;
  colour: string;
  values: number[];
  dashed?: boolean;
}

export function lineChart({xs, series, xLabel, yLabel, yDomain, width = 460, height = 240}: {xs: number[]; series: Series[]; xLabel: string; yLabel: string; yDomain?: [number, number]; width?: number; height?: number}): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.style.maxWidth = "100%";
  const m = {l: 44, r: 110, t: 10, b: 36};
  const all = series.flatMap((s) => s.values);
  const [y0, y1] = yDomain ?? [Math.min(0, ...all), Math.max(...all) || 1];
  const [x0, x1] = [xs[0], xs[xs.length - 1]];
  const X = (v: number) => m.l + ((width - m.l - m.r) * (v - x0)) / (x1 - x0 || 1);
  const Y = (v: number) => m.t + ((height - m.t - m.b) * (y1 - v)) / (y1 - y0 || 1);
  const add = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    svg.append(el);
    return el;
  };
  for (const v of [y0, (y0 + y1) / 2, y1]) {
    add("line", {x1: m.l, x2: width - m.r, y1: Y(v), y2: Y(v), stroke: "#ddd"});
    add("text", {x: m.l - 4, y: Y(v) + 4, "text-anchor": "end", "font-size": 10}, Number(v.toPrecision(2)).toString());
  }
  for (const v of [x0, (x0 + x1) / 2, x1]) add("text", {x: X(v), y: height - m.b + 14, "text-anchor": "middle", "font-size": 10}, Number(v.toPrecision(3)).toString());
  add("text", {x: (m.l + width - m.r) / 2, y: height - 4, "text-anchor": "middle", "font-size": 11}, xLabel);
  add("text", {x: 10, y: m.t + 4, "font-size": 11}, yLabel);
  series.forEach((s, i) => {
    add("polyline", {points: s.values.map((v, j) => `${X(xs[j])},${Y(v)}`).join(" "), fill: "none", stroke: s.colour, "stroke-width": 2, ...(s.dashed ? {"stroke-dasharray": "4 3"} : {})});
    add("text", {x: width - m.r + 6, y: m.t + 12 + 14 * i, "font-size": 10, fill: s.colour}, s.name);
  });
  return svg;
}
