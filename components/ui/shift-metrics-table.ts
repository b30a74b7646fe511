// The four shift metrics for every network and protocol, as a table.
import type {Protocol} from "../shift/protocols.ts";
import {tableWithHeader} from "./table.ts";

export interface MetricsRecord {
  model: string;
  name?: string;
  missing?: string;
  conv_layers?: number;
  protocols: Partial<Record<Protocol, {max_shift: number; reference: string; metrics: {p_top1_change: number; mean_abs_change: number; jagged_fraction: number; consistency: number; images: number; jagged_k: number}}>>;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function shiftMetricsTable(records: MetricsRecord[]): HTMLTableElement {
  const {table, body} = tableWithHeader("cnn-shift-metrics", ["Network", "Conv layers", "Protocol", "Images × shifts", "P(top-1 change)", "Mean |Δp|", "Jagged", "Consistency"]);
  for (const r of records) {
    if (r.missing) continue;
    for (const [protocol, s] of Object.entries(r.protocols)) {
      if (!s) continue;
      const tr = body.insertRow();
      tr.dataset.model = r.model;
      tr.dataset.protocol = protocol;
      tr.dataset.consistency = String(s.metrics.consistency);
      const m = s.metrics;
      for (const v of [r.name ?? r.model, String(r.conv_layers ?? ""), protocol, `${m.images} × ${s.max_shift + 1}`, pct(m.p_top1_change), m.mean_abs_change.toFixed(3), `${pct(m.jagged_fraction)} (top-${m.jagged_k})`, pct(m.consistency)]) {
        tr.insertCell().textContent = v;
      }
    }
  }
  return table;
}
