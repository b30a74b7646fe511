// The precomputed adversarial study (data/precompute/transfer.ts): FGSM's success rate against
// ε for each network (a line chart with its table), and the transfer table at one ε (rows: the
// network attacked; columns: the network tested; cells: images whose top-1 changed, of n).
import * as Plot from "@observablehq/plot";
import {describeChart} from "../../ui/chart-a11y.ts";
import {chartWithTable, dataTable} from "../../ui/data-table.ts";
import {scrollRegion} from "../../ui/table.ts";

interface Cell {
  changed: number;
  n: number;
  rate: number;
}

export interface TransferStudyData {
  set: string;
  missing?: string;
  eps: number[];
  transferEps: number;
  images: string[];
  networks: Array<{id: string; name: string}>;
  success: Record<string, Array<Cell & {eps: number}>>;
  transfer: Record<string, Record<string, Cell>>;
}

const pct = (c: Cell) => `${Math.round(100 * c.rate)}%`;

export function successCurve(study: TransferStudyData, {width = 640} = {}): HTMLElement {
  const name = (id: string) => study.networks.find((n) => n.id === id)?.name ?? id;
  const rows = study.networks.flatMap((n) => study.success[n.id].map((c) => ({network: n.name, eps: c.eps, rate: c.rate, changed: c.changed, n: c.n})));
  const fig = Plot.plot({
    width, height: 260, marginLeft: 50,
    x: {type: "log", label: "ε (pixel levels of 255, log scale)", ticks: study.eps, tickFormat: (d: number) => String(d)},
    // percent: values are fractions, shown ×100, so the domain is in percent
    y: {label: "top-1 changed (%)", domain: [0, 100], percent: true},
    color: {legend: true},
    marks: [
      Plot.ruleY([0]),
      Plot.line(rows, {x: "eps", y: "rate", stroke: "network"}),
      Plot.dot(rows, {x: "eps", y: "rate", stroke: "network", symbol: "network", title: (d: (typeof rows)[number]) => `${d.network}, ε = ${d.eps}: ${d.changed} of ${d.n}`}),
    ],
  });
  const chart = describeChart(fig as unknown as Element, `FGSM success rate against ε over ${study.images.length} images: ` +
    study.networks.map((n) => `${n.name} ${study.success[n.id].map((c) => `${pct(c)} at ${c.eps}`).join(", ")}`).join("; "));
  return chartWithTable(chart, {
    caption: `Fraction of the ${study.images.length} images whose top-1 changed under FGSM, per network and ε`,
    columns: ["Network", ...study.eps.map((e) => `ε = ${e}`)],
    rows: study.networks.map((n) => [name(n.id), ...study.success[n.id].map((c) => `${c.changed}/${c.n} (${pct(c)})`)]),
  });
}

export function transferTable(study: TransferStudyData): HTMLTableElement {
  return dataTable({
    caption: `Top-1 changed at ε = ${study.transferEps}/255 (FGSM made on the row's network), of n = ${study.images.length} images; the diagonal is the attacked network itself`,
    columns: ["Attacked ↓ / tested →", ...study.networks.map((n) => n.name)],
    rows: study.networks.map((a) => [a.name, ...study.networks.map((b) => {
      const c = study.transfer[a.id][b.id];
      return `${c.changed}/${c.n} (${pct(c)})`;
    })]),
  });
}

/** Both, or the reason the study is not in this build. */
export function transferStudyFigure(study: TransferStudyData, {width = 640} = {}): HTMLElement {
  const root = document.createElement("div");
  root.className = "cnn-transfer-study";
  if (study.missing) {
    root.append(Object.assign(document.createElement("p"), {className: "cnn-missing", textContent: study.missing}));
    return root;
  }
  root.append(successCurve(study, {width}), scrollRegion(transferTable(study), "Transfer table"));
  return root;
}
