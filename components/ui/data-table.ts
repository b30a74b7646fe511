// "Show as a table": every chart carries its numbers as an accessible data table behind a
// disclosure, for screen readers, for copying, and for anyone who would rather read numbers.
import {scrollRegion, tableWithHeader} from "./table.ts";

export type Cell = string | number | null | undefined;

export interface DataTableSpec {
  /** What the table holds, e.g. "Mean activation of each channel of conv2_1". */
  caption: string;
  columns: string[];
  rows: Cell[][];
  /** How numbers are written (default: up to 4 significant digits). */
  format?: (v: number, column: number) => string;
  /**
   * A visible caption under the chart (chartWithTable only): what the chart mixes (measured and
   * quoted numbers, different stimulus sets) and what its intervals are. Readers see it without
   * opening the table.
   */
  note?: string;
}

const defaultFormat = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());

export function dataTable({caption, columns, rows, format = defaultFormat}: DataTableSpec): HTMLTableElement {
  const {table, body} = tableWithHeader("cnn-data-table", columns);
  table.createCaption().textContent = caption;
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((v, i) => { tr.insertCell().textContent = typeof v === "number" ? format(v, i) : (v ?? ""); });
  }
  return table;
}

/** The chart, followed by a closed "Show as a table" disclosure holding its data. */
export function chartWithTable(chart: Element, spec: DataTableSpec): HTMLElement {
  const figure = document.createElement("div");
  figure.className = "cnn-chart-with-table";
  const details = document.createElement("details");
  details.className = "cnn-chart-table";
  const summary = document.createElement("summary");
  summary.textContent = "Show as a table";
  details.append(summary, scrollRegion(dataTable(spec), spec.caption));
  figure.append(chart);
  if (spec.note) figure.append(Object.assign(document.createElement("p"), {className: "cnn-chart-note", textContent: spec.note}));
  figure.append(details);
  return figure;
}
