// "Cause the bias yourself": sliders for the training data (how often texture agrees with
// shape, texture randomization, colour jitter, crop scale), a Train button that trains a small
// ShapeTex CNN in the page with progress and Cancel (never on its own: training is heavy), and
// a table of runs (the precomputed reference runs first) with each run's shape bias on ShapeTex
// cue-conflict images. The settings live in the page URL as "<params>.agreement" etc.
// The gradient steps run in a Web Worker on wasm (components/tf/worker-stepper.ts) so the page
// keeps answering the reader; where that is impossible they run here, and the status says so.
import {DEFAULT_SETTINGS, trainShapeTex, type TrainResult, type TrainSettings} from "../../texture-bias/train-shapetex.ts";
import {UNINFORMATIVE_AGREEMENT} from "../../datasets/shapetex.ts";
import {pageStepper, type TrainingEngine} from "../../tf/worker-stepper.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {rangeInput} from "../../ui/controls.ts";
import {progressWidget} from "../../ui/progress.ts";
import {palette} from "../../ui/palette.ts";
import {tableWithHeader} from "../../ui/table.ts";
import {scrollingTable} from "./charts.ts";

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

function runsTable(rows: RunRow[]): HTMLElement {
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
    bar.setAttribute("aria-hidden", "true");
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
  table.createCaption().textContent = "Training runs and the shape bias of each network (reference runs precomputed in Node)";
  return scrollingTable(table, "Training runs");
}

/** The setting sliders: their URL key suffix, label, range and wording. */
function settingControls(d: TrainSettings, params: string) {
  const key = (k: string) => `${params}.${k}`;
  const controls = {
    agreement: rangeInput({label: "Texture agrees with shape", min: 0, max: 1, step: 0.05, value: d.textureAgreement, param: key("agreement"), format: (v) => `${Math.round(100 * v)}%${Math.abs(v - UNINFORMATIVE_AGREEMENT) < 0.03 ? " (uninformative)" : ""}`}),
    randomization: rangeInput({label: "Texture randomization (“stylized”)", min: 0, max: 1, step: 0.05, value: d.textureRandomization, param: key("randomization"), format: (v) => `${Math.round(100 * v)}% of images`}),
    jitter: rangeInput({label: "Colour jitter", min: 0, max: 1, step: 0.1, value: d.colourJitter, param: key("jitter"), format: (v) => v.toFixed(1)}),
    crop: rangeInput({label: "Crop scale (smallest crop)", min: 0.2, max: 1, step: 0.05, value: d.cropScale, param: key("crop"), format: (v) => (v >= 1 ? "no cropping" : `${Math.round(100 * v)}% of the area`)}),
    steps: rangeInput({label: "Training steps (batches of 32)", min: 20, max: 1500, step: 20, value: d.steps, param: key("steps")}),
    seed: rangeInput({label: "Seed", min: 1, max: 20, step: 1, value: d.seed, param: key("seed")}),
  };
  for (const [name, c] of Object.entries(controls)) c.dataset.setting = name;
  return controls;
}

/** Where a run has got to, in quarters: what a screen reader hears (not every step). */
const quarter = (step: number, steps: number) => Math.floor((4 * step) / steps);

export function trainingLab({reference = [], defaults = {}, params = "train", invalidation}: {reference?: RunRow[]; defaults?: Partial<TrainSettings>; params?: string; invalidation?: Promise<unknown>}): HTMLElement {
  const d = {...DEFAULT_SETTINGS, ...defaults};
  const root = document.createElement("div");
  root.className = "cnn-texture-train";
  root.dataset.state = "idle";
  const c = settingControls(d, params);
  const train = document.createElement("button");
  train.type = "button";
  train.name = "train";
  train.className = "cnn-live-start"; // the site's mark of a button that starts cancellable live work
  train.textContent = "Train a network with these settings";
  const progressSlot = document.createElement("div");
  const status = document.createElement("p");
  status.className = "cnn-texture-status";
  status.setAttribute("role", "status");
  status.textContent = "Nothing trains until you press the button.";
  const rows: RunRow[] = [...reference];
  const tableSlot = document.createElement("div");
  const redraw = () => tableSlot.replaceChildren(runsTable(rows));
  redraw();
  root.append(c.agreement, c.randomization, c.jitter, c.crop, c.steps, c.seed, train, progressSlot, status, tableSlot);
  // leaving the page (or a rerun of the cell after a WebGL context loss) stops a run
  const life = new AbortController();
  void invalidation?.then(() => life.abort(new DOMException("the figure was replaced", "AbortError")));

  train.addEventListener("click", async () => {
    const settings: TrainSettings = {...d, textureAgreement: c.agreement.value, textureRandomization: c.randomization.value, colourJitter: c.jitter.value, cropScale: c.crop.value, steps: c.steps.value, seed: c.seed.value};
    const progress = progressWidget("Training");
    // the bar's own line changes every step; the status below announces each quarter instead
    progress.element.querySelector("[aria-live]")?.setAttribute("aria-live", "off");
    progressSlot.replaceChildren(progress.element);
    const stop = new AbortController();
    for (const s of [progress.signal, life.signal]) s.addEventListener("abort", () => stop.abort(s.reason), {once: true});
    train.disabled = true;
    root.dataset.state = "training";
    status.textContent = `Training for ${settings.steps} steps…`;
    let said = 0;
    let engine: TrainingEngine | null = null;
    const onEngine = (e: TrainingEngine) => {
      engine = e;
      root.dataset.engine = e.where;
      status.textContent = e.where === "worker"
        ? `Training for ${settings.steps} steps in a background worker (${e.backend}); the page stays responsive…`
        : `Training for ${settings.steps} steps on the page's main thread (${e.reason}); the page may answer slowly…`;
    };
    const where = () => (engine?.where === "page" ? `on the page's main thread (${engine.reason})` : "in a background worker");
    try {
      const r: TrainResult = await trainShapeTex(settings, {
        signal: stop.signal,
        makeStepper: pageStepper({signal: stop.signal, onEngine}),
        onProgress: (p) => {
          progress.update(p.step, p.steps, `loss ${p.loss.toFixed(3)} · ${p.imagesPerSecond.toFixed(0)} images/s`);
          const q = quarter(p.step, p.steps);
          if (q > said && q < 4) status.textContent = `Training: ${25 * (said = q)}% done (step ${p.step} of ${p.steps}, loss ${p.loss.toFixed(2)}), ${where()}.`;
          if (p.step === p.steps) status.textContent = "Training done; measuring the shape bias…";
        },
      });
      progress.finish(`Trained in ${r.seconds.toFixed(0)} s; measuring done.`);
      const name = `your run ${rows.filter((x) => x.kind === "yours").length + 1}`;
      // the steps ran where the engine was; the bias was measured on the page's backend
      const ran = engine as TrainingEngine | null;
      const backend = ran?.where === "worker" ? `${ran.backend} worker` : r.backend;
      rows.push({name, kind: "yours", settings: r.settings, bias: r.bias, shapeAccuracy: r.shapeAccuracy, seconds: r.seconds, backend});
      redraw();
      status.textContent = `Your network: shape bias ${pct(r.bias.shapeBias)} on ${r.bias.n} ShapeTex cue-conflict images (${r.bias.shape} shape, ${r.bias.texture} texture, ${r.bias.other} other decisions); ${pct(r.shapeAccuracy)} correct when texture says nothing about shape. Trained ${where()}.`;
      root.dataset.state = "done";
      reportResult("texture-training", {
        run: name, shapeBias: r.bias.shapeBias, shape: r.bias.shape, texture: r.bias.texture, other: r.bias.other, n: r.bias.n,
        shapeAccuracy: r.shapeAccuracy, trainAccuracy: r.trainDistributionAccuracy, seconds: r.seconds, backend, engine: ran?.where ?? "page",
        settings: {agreement: settings.textureAgreement, randomization: settings.textureRandomization, jitter: settings.colourJitter, crop: settings.cropScale, steps: settings.steps, seed: settings.seed},
      });
    } catch (e) {
      const cancelled = stop.signal.aborted;
      progress.finish(cancelled ? "Training cancelled: nothing was added to the table." : "Training failed.");
      status.textContent = cancelled ? "Cancelled." : `Training failed: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = cancelled ? "cancelled" : "error";
    } finally {
      train.disabled = false;
    }
  });
  return root;
}
