// The four cases as a table (forward, backprop, deconvnet, guided backprop at one ReLU;
// Springenberg et al. 2015, Fig. 1, the seed's b1-b4) and a 1-D worked example: three hidden
// units, one output, numbers small enough to check by hand, computed here by the same rule code
// the figures use (components/backward/rules.ts).
import * as tf from "@tensorflow/tfjs";
import {RULES, withRule, type Rule} from "../../backward/rules.ts";
import {readAndDispose} from "../../tf/read.ts";
import {tex} from "../../ui/tex.ts";
import {tableWithHeader} from "../../ui/table.ts";
import {RULE_NAMES} from "./three-rules.ts";

/** The example: x = (1, 1), W1 rows (1, 1), (-2, 1), (0, 1); z = W1 x = (2, -1, 1); y = relu(z) · (1, 1, -1). */
export const EXAMPLE = {x: [1, 1], W1: [[1, 1], [-2, 1], [0, 1]], w2: [1, 1, -1]};

export interface ExampleResult {
  z: number[];
  g: number[];
  /** Signal after the ReLU, per unit, per rule. */
  r: Record<Rule, number[]>;
  /** dy/dx (the projection onto the two inputs), per rule. */
  dx: Record<Rule, number[]>;
}

export async function computeExample(): Promise<ExampleResult> {
  const {z, r, dx} = tf.tidy(() => {
    const w1 = tf.tensor2d(EXAMPLE.W1), w2 = tf.tensor2d(EXAMPLE.w2, [3, 1]), x = tf.tensor2d([EXAMPLE.x]);
    const z = tf.matMul(x, w1, false, true);
    const r = {} as Record<Rule, tf.Tensor>, dx = {} as Record<Rule, tf.Tensor>;
    for (const rule of RULES) {
      // the signal right below the ReLU: d y / d z under the rule
      r[rule] = withRule(rule, () => tf.grad((v: tf.Tensor) => tf.matMul(tf.relu(v as tf.Tensor2D), w2))(z));
      dx[rule] = withRule(rule, () => tf.grad((v: tf.Tensor) => tf.matMul(tf.relu(tf.matMul(v as tf.Tensor2D, w1, false, true)), w2))(x));
    }
    return {z, r, dx};
  });
  // every tensor is read (and disposed) even if one read fails
  const read = async (t: tf.Tensor) => Array.from(await readAndDispose(t));
  const perRule = async (ts: Record<Rule, tf.Tensor>) => Object.fromEntries(await Promise.all(RULES.map(async (rule) => [rule, await read(ts[rule])]))) as Record<Rule, number[]>;
  const [zv, rv, dxv] = await Promise.all([read(z), perRule(r), perRule(dx)]);
  return {z: zv, g: EXAMPLE.w2, r: rv, dx: dxv};
}

/** The four cases, in KaTeX, as a table with a header row. */
export function casesTable(): HTMLTableElement {
  const {table, body} = tableWithHeader("cnn-cases", ["Pass", "At one ReLU unit", "In words"]);
  table.createCaption().textContent = "One ReLU, four passes: x is the unit's input in the forward pass, g the signal arriving from above, r what is passed down";
  const rows: Array<[string, string, string]> = [
    ["Forward", String.raw`y = \max(x, 0)`, "negative inputs are zeroed"],
    ["Backprop", String.raw`r = g \cdot \mathbb{1}[x > 0]`, "the true gradient: zero where the forward input was negative"],
    ["Deconvnet", String.raw`r = g \cdot \mathbb{1}[g > 0]`, "the backward signal is itself rectified; the forward pass is ignored"],
    ["Guided backprop", String.raw`r = g \cdot \mathbb{1}[x > 0] \cdot \mathbb{1}[g > 0]`, "both: zero wherever either test fails"],
  ];
  for (const [name, formula, words] of rows) {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = name;
    tr.append(th);
    tr.insertCell().append(tex(formula));
    tr.insertCell().textContent = words;
  }
  return table;
}

const fmt = (v: number[]) => `(${v.map((q) => Number(q.toFixed(3)).toString()).join(", ")})`;

/** The worked example as a table: z and g per unit, then r and dy/dx per rule. */
export async function exampleTable(result?: ExampleResult): Promise<HTMLTableElement> {
  result ??= await computeExample();
  const {table, body} = tableWithHeader("cnn-worked-example", ["", "Signal below the ReLU, r", "Projection onto the input, dy/dx"]);
  table.createCaption().textContent = `x = ${fmt(EXAMPLE.x)}; forward inputs of the three ReLUs z = ${fmt(result.z)}; signal from above g = ${fmt(result.g)}`;
  for (const rule of RULES) {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = RULE_NAMES[rule];
    tr.append(th);
    tr.insertCell().textContent = fmt(result.r[rule]);
    tr.insertCell().textContent = fmt(result.dx[rule]);
    tr.dataset.rule = rule;
  }
  return table;
}
