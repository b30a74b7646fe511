// "Which channels fire on this image": one bar per channel of a layer, the height its mean
// activation. Bars are buttons: click, or focus and press Enter/Space, to pick a channel;
// arrow keys move between bars (a roving tabindex, so the chart is one Tab stop). `select(k)`
// moves the highlight without redrawing, so the bar the reader is on keeps the focus.
import * as d3 from "d3";
import {palette} from "./palette.ts";

export interface ChannelBarsOptions {
  values: ArrayLike<number>;
  selected?: number;
  width?: number;
  height?: number;
  /** Announced name of the chart, e.g. "conv2_1 mean activation per channel". */
  label: string;
  onSelect?: (channel: number) => void;
}

export type ChannelBarsElement = SVGSVGElement & {select(channel: number): void};

export function channelBars({values, selected = -1, width = 640, height = 180, label, onSelect}: ChannelBarsOptions): ChannelBarsElement {
  const data = Array.from(values);
  const margin = {top: 8, right: 8, bottom: 28, left: 44};
  const x = d3.scaleBand<number>().domain(d3.range(data.length)).range([margin.left, width - margin.right]).padding(0.1);
  const y = d3.scaleLinear().domain([Math.min(0, d3.min(data) ?? 0), d3.max(data) || 1]).nice().range([height - margin.bottom, margin.top]);
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "group").attr("aria-label", label).style("max-width", "100%").style("height", "auto");
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).tickValues(x.domain().filter((i) => data.length <= 32 || i % Math.ceil(data.length / 16) === 0)))
    .call((g) => g.append("text").attr("x", width - margin.right).attr("y", 24).attr("fill", "currentColor").attr("text-anchor", "end").text("channel →"));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(4));
  const top = d3.greatestIndex(data);
  const bars = svg.append("g").selectAll("rect").data(data).join("rect")
    .attr("x", (_, i) => x(i)!).attr("width", x.bandwidth())
    .attr("y", (d) => y(Math.max(0, d))).attr("height", (d) => Math.abs(y(d) - y(0)))
    .attr("role", "button")
    .attr("aria-label", (d, i) => `channel ${i}: mean activation ${d.toFixed(3)}${i === top ? " (strongest)" : ""}`)
    .style("cursor", "pointer");
  bars.append("title").text((d, i) => `channel ${i}: ${d.toFixed(3)}`);
  const nodes = bars.nodes() as SVGRectElement[];
  const mark = (k: number) => {
    const focused = nodes.findIndex((n) => n.getAttribute("tabindex") === "0");
    bars.attr("fill", (_, i) => (i === k ? palette.orange : palette.blue)).attr("aria-pressed", (_, i) => String(i === k));
    // the Tab stop stays where the reader is; at first it sits on the selection (or the strongest)
    if (focused < 0) bars.attr("tabindex", (_, i) => (i === (k >= 0 && k < data.length ? k : top) ? 0 : -1));
  };
  mark(selected);
  const pick = (i: number) => onSelect?.(i);
  const moveTabStop = (next: number) => nodes.forEach((n, i) => n.setAttribute("tabindex", i === next ? "0" : "-1"));
  bars.on("click", (event: MouseEvent) => {
    const i = nodes.indexOf(event.currentTarget as SVGRectElement);
    moveTabStop(i);
    pick(i);
  })
    .on("keydown", (event: KeyboardEvent) => {
      const i = nodes.indexOf(event.currentTarget as SVGRectElement);
      let next = i;
      if (event.key === "ArrowRight" || event.key === "ArrowUp") next = Math.min(data.length - 1, i + 1);
      else if (event.key === "ArrowLeft" || event.key === "ArrowDown") next = Math.max(0, i - 1);
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = data.length - 1;
      else if (event.key === "Enter" || event.key === " ") { event.preventDefault(); pick(i); return; }
      else return;
      event.preventDefault();
      moveTabStop(next);
      nodes[next].focus();
    });
  const node = svg.node() as ChannelBarsElement;
  node.select = mark;
  return node;
}
