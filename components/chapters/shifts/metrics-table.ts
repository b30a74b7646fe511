// The four shift metrics for every network and protocol, and plain max-pool against blur-pool,
// as tables (captioned; the network or protocol cell heads its row), each in a region that
// scrolls sideways on a phone and can be reached by keyboard to do so.
import type {Protocol} from "../../shift/protocols.ts";
import {scrollRegion, tableWithHeader} from "../../ui/table.ts";
import {wilsonInterval} from "../../stats/wilson.ts";

type Metrics = {p_top1_change: number; mean_abs_change: number; jagged_fraction: number; consistency: number; images: number; jagged_k: number};

export interface MetricsRecord {
  model: string;
  name?: string;
  missing?: string;
  conv_layers?: number;
  protocols: Partial<Record<Protocol, {max_shift: number; reference: string; metrics: Metrics}>>;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** "33.3% (4 of 12; 95% CI 14–61%) top-5": the jagged share of a few images needs its interval. */
export function jaggedCell(m: Pick<Metrics, "jagged_fraction" | "images" | "jagged_k">): string {
  const k = Math.round(m.jagged_fraction * m.images);
  const {low, high} = wilsonInterval(k, m.images);
  return `${pct(m.jagged_fraction)} (${k} of ${m.images}; 95% CI ${Math.round(100 * low)}–${Math.round(100 * high)}%) top-${m.jagged_k}`;
}

/** The table in a focusable, labelled region that scrolls sideways when the screen is narrow. */
const scrolling = (table: HTMLTableElement) => scrollRegion(table, table.caption?.textContent ?? "table", "cnn-shift-table-scroll");

function rowHeader(tr: HTMLTableRowElement, text: string): void {
  const th = document.createElement("th");
  th.scope = "row";
  th.textContent = text;
  tr.append(th);
}

export function shiftMetricsTable(records: MetricsRecord[]): HTMLElement {
  const {table, body} = tableWithHeader("cnn-shift-metrics", ["Network", "Conv layers", "Protocol", "Images × shifts", "P(top-1 change)", "Mean |Δp|", "Jagged", "Consistency"]);
  table.createCaption().textContent = "How much each network's answer moves under one-pixel shifts, per protocol (precomputed sweeps; Jagged with its 95% Wilson interval over images)";
  for (const r of records) {
    if (r.missing) continue;
    for (const [protocol, s] of Object.entries(r.protocols)) {
      if (!s) continue;
      const tr = body.insertRow();
      tr.dataset.model = r.model;
      tr.dataset.protocol = protocol;
      tr.dataset.consistency = String(s.metrics.consistency);
      const m = s.metrics;
      rowHeader(tr, r.name ?? r.model);
      for (const v of [String(r.conv_layers ?? ""), protocol, `${m.images} × ${s.max_shift + 1}`, pct(m.p_top1_change), m.mean_abs_change.toFixed(3), jaggedCell(m), pct(m.consistency)]) {
        tr.insertCell().textContent = v;
      }
    }
  }
  return scrolling(table);
}

/** Consistency and P(top-1 change) of `shapetex` (max-pool) and `shapetex-blurpool`, per protocol; null when either is missing. */
export function blurpoolCompareTable(records: MetricsRecord[], {plain = "shapetex", blur = "shapetex-blurpool"} = {}): HTMLElement | null {
  const a = records.find((r) => r.model === plain), b = records.find((r) => r.model === blur);
  if (!a || !b || a.missing || b.missing) return null;
  const {table, body} = tableWithHeader("cnn-shift-metrics", ["Protocol", "Consistency: max-pool", "blur-pool", "P(top-1 change): max-pool", "blur-pool"]);
  table.createCaption().textContent = "The same ShapeTex images through the max-pool and the blur-pool network";
  for (const [protocol, s] of Object.entries(a.protocols)) {
    const t = b.protocols[protocol as Protocol];
    if (!s || !t) continue;
    const tr = body.insertRow();
    tr.dataset.protocol = protocol;
    rowHeader(tr, protocol);
    for (const [v, isBlurPool] of [[s.metrics.consistency, false], [t.metrics.consistency, true], [s.metrics.p_top1_change, false], [t.metrics.p_top1_change, true]] as const) {
      const td = tr.insertCell();
      if (isBlurPool) td.append(Object.assign(document.createElement("strong"), {textContent: pct(v)}));
      else td.textContent = pct(v);
    }
  }
  return scrolling(table);
}
