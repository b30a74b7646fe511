// "Cause the bias yourself": sliders for the training data (how often texture agrees with
// shape, texture randomization, colour jitter, crop scale), a Train button that trains a small
// ShapeTex CNN in the page with progress and Cancel, and a table of runs (the precomputed
// reference runs first) with each run's shape bias on ShapeTex cue-conflict images.
import {DEFAULT_SETTINGS, trainShapeTex, type TrainResult, type TrainSettings} from "../texture-bias/train-shapetex.ts";
import {UNINFORMATIVE_AGREEMENT} from "../datasets/shapetex.ts";
import {rangeInput} from "./controls.ts";
import {progressWidget} from "./progress.ts";
import {palette} from "./palette.ts";
import {tableWithHeader} from "./table.ts";

export interface RunRow {
  name: string;
  kind: "reference" | "yours";
  settings: TrainSettings;
  bias: {shapeBias: number; shape: number; texture: number; other: number};
  shapeAccuracy: number;
  seconds: number;
  backend?: string;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "n/a");

function runsTable(rows: RunRow[]): HTMLTableElement {
  const {table, body} = tableWithHeader("cnn-texture-runs", ["run", "texture agrees", "randomized", "colour jitter", "crop ≥", "steps", "shape bias", "shape / texture / other", "shape accuracy", "time"]);
  for (const r of rows) {
    const tr = body.insertRow();
    tr.dataset.run = r.kind;
    tr.dataset.shapeBias = String(r.bias.shapeBias);
    const s = r.settings;
    const bar = document.createElement("span");
    bar.className = "cnn-bar";
    bar.style.width = `${Math.round(60 * (Number.isFinite(r.bias.shapeBias) ? r.bias.shapeBias : 0))}px`;
    bar.style.background = r.kind === "yours" ? palette.vermillion : palette.green;
    const cells: Array<string | Node[]> = [
      `${r.name}${r.kind === "reference" ? " (precomputed)" : ""}`,
      pct(s.textureAgreement), pct(s.textureRandomization), s.colourJitter.toFixed(1), pct(s.cropScale), String(s.steps),
      [bar, document.createTextNode(` ${pct(r.bias.shapeBias)}`)],
      `${r.bias.shape} / ${r.bias.texture} / ${r.bias.other}`, pct(r.shapeAccuracy), `${r.seconds.toFixed(0)} s${r.backend ? ` (${r.backend})` : ""}`,
    ];
    for (const c of cells) {
      const td = tr.insertCell();
      if (typeof c === "string") td.textContent = c;
      else td.append(...c);
    }
  }
  return table;
}

export function trainingLab({reference = [], defaults = {}}: {reference?: RunRow[]; defaults?: Partial<TrainSettings>}): HTMLElement {
  const d = {...DEFAULT_SETTINGS, ...defaults};
  const root = document.createElement("div");
  root.className = "cnn-texture-train";
  root.dataset.state = "idle";
  const agreement = rangeInput({label: "Texture agrees with shape", min: 0, max: 1, step: 0.05, value: d.textureAgreement, format: (v) => `${Math.round(100 * v)}%${Math.abs(v - UNINFORMATIVE_AGREEMENT) < 0.03 ? " (uninformative)" : ""}`});
  const randomize = rangeInput({label: "Texture randomization (“stylized”)", min: 0, max: 1, step: 0.05, value: d.textureRandomization, format: (v) => `${Math.round(100 * v)}% of images`});
  const jitter = rangeInput({label: "Colour jitter", min: 0, max: 1, step: 0.1, value: d.colourJitter, format: (v) => v.toFixed(1)});
  const crop = rangeInput({label: "Crop scale (smallest crop)", min: 0.2, max: 1, step: 0.05, value: d.cropScale, format: (v) => (v >= 1 ? "no cropping" : `${Math.round(100 * v)}% of the area`)});
  const steps = rangeInput({label: "Training steps (batches of 32)", min: 20, max: 1500, step: 20, value: d.steps});
  const seed = rangeInput({label: "Seed", min: 1, max: 20, step: 1, value: d.seed});
  for (const c of [agreement, randomize, jitter, crop, steps, seed]) c.dataset.setting = (c.querySelector("label")?.textContent ?? "").split(" ")[0].toLowerCase();
  agreement.dataset.setting = "agreement";
  randomize.dataset.setting = "randomization";
  jitter.dataset.setting = "jitter";
  crop.dataset.setting = "crop";
  steps.dataset.setting = "steps";
  seed.dataset.setting = "seed";
  const train = document.createElement("button");
  train.type = "button";
  train.name = "train";
  train.textContent = "Train a network with these settings";
  const progressSlot = document.createElement("div");
  const status = document.createElement("p");
  status.className = "cnn-texture-status";
  status.setAttribute("aria-live", "polite");
  const rows: RunRow[] = [...reference];
  const tableSlot = document.createElement("div");
  const redraw = () => tableSlot.replaceChildren(runsTable(rows));
  redraw();
  root.append(agreement, randomize, jitter, crop, steps, seed, train, progressSlot, status, tableSlot);

  train.addEventListener("click", async () => {
    const settings: TrainSettings = {...d, textureAgreement: agreement.value, textureRandomization: randomize.value, colourJitter: jitter.value, cropScale: crop.value, steps: steps.value, seed: seed.value};
    const progress = progressWidget("Training");
    progressSlot.replaceChildren(progress.element);
    train.disabled = true;
    root.dataset.state = "training";
    status.textContent = "";
    try {
      const r: TrainResult = await trainShapeTex(settings, {
        signal: progress.signal,
        onProgress: (p) => progress.update(p.step, p.steps, `loss ${p.loss.toFixed(3)} · ${p.imagesPerSecond.toFixed(0)} images/s`),
      });
      progress.finish(`Trained in ${r.seconds.toFixed(0)} s; measuring done.`);
      rows.push({name: `your run ${rows.filter((x) => x.kind === "yours").length + 1}`, kind: "yours", settings: r.settings, bias: r.bias, shapeAccuracy: r.shapeAccuracy, seconds: r.seconds, backend: r.backend});
      redraw();
      status.textContent = `Your network: shape bias ${pct(r.bias.shapeBias)} on ${r.bias.n} ShapeTex cue-conflict images (${r.bias.shape} shape, ${r.bias.texture} texture, ${r.bias.other} other decisions); ${pct(r.shapeAccuracy)} correct when texture says nothing about shape.`;
      root.dataset.state = "done";
    } catch (e) {
      const cancelled = progress.signal.aborted;
      progress.finish(cancelled ? "Training cancelled: nothing was added to the table." : "Training failed.");
      status.textContent = cancelled ? "Cancelled." : `Training failed: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = cancelled ? "cancelled" : "error";
    } finally {
      train.disabled = false;
    }
  });
  return root;
}
