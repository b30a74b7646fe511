// The adversarial-examples figure: a network, an image (sample or upload), then either FGSM
// with an ε slider in pixel levels (the gradient sign is computed once per image, so the
// slider only adds and classifies) or a targeted projected-gradient attack run with progress
// and Cancel. Shows original, magnified perturbation with its norms, adversarial image, both
// top-5 lists; "Test on the other networks" classifies the same image with every other network
// of the same classes (transfer); "Fooling image" climbs from noise to 99%.
import * as tf from "@tensorflow/tfjs";
import {fgsmDirection, fgsmStep} from "../../attacks/fgsm.ts";
import {pgd} from "../../attacks/pgd.ts";
import {probabilityOf} from "../../attacks/gradient.ts";
import {foolingImage} from "../../attacks/fooling.ts";
import {magnifiedPerturbation, perturbationNorms} from "../../attacks/norms.ts";
import {transferTo} from "../../attacks/transfer.ts";
import {topK} from "../../zoo/topk.ts";
import type {ZooModel} from "../../zoo/types.ts";
import {rangeInput, selectInput} from "../../ui/controls.ts";
import {progressWidget} from "../../ui/progress.ts";
import {dataTable} from "../../ui/data-table.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {classPicker, drawImage, imageSource, modelInput, percent, samplesFor, topTable, type ChapterSample, type ModelCache} from "./shared.ts";

export const ADVERSARIAL_WIDGET = "adversarial";

export type DisposableElement = HTMLElement & {dispose(): void};

function panel(title: string): {figure: HTMLElement; canvas: HTMLCanvasElement; caption: HTMLElement} {
  const figure = document.createElement("figure");
  figure.className = "cnn-adv-panel";
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  const caption = document.createElement("figcaption");
  caption.textContent = title;
  figure.append(canvas, caption);
  return {figure, canvas, caption};
}

export function adversarialFigure(cache: ModelCache, samples: ChapterSample[]): DisposableElement {
  const root = document.createElement("div") as unknown as DisposableElement;
  root.className = "cnn-adversarial";
  root.id = "adversarial";
  if (!cache.models.length) {
    root.textContent = "No network is available in this build.";
    root.dispose = () => {};
    return root;
  }
  const P = "adv.";
  const modelSelect = selectInput({label: "Network", options: cache.models.map((m) => ({value: m.id, text: m.name})), param: `${P}model`});
  const source = imageSource(samplesFor(samples, modelSelect.value), `${P}image`);
  const attack = selectInput({label: "Attack", options: [{value: "fgsm", text: "FGSM (one step)"}, {value: "pgd", text: "Targeted, iterative (PGD)"}], param: `${P}attack`});
  const eps = rangeInput({label: "ε (pixel levels of 255)", min: 0, max: 16, step: 1, value: 2, param: `${P}eps`, format: (v) => `${v}/255`});
  const step = rangeInput({label: "Step (levels)", min: 0.25, max: 4, step: 0.25, value: 1, param: `${P}step`});
  const iterations = rangeInput({label: "Iterations", min: 1, max: 40, step: 1, value: 10, param: `${P}iterations`});
  const target = classPicker({label: "Target class", labels: ["…"], value: 0, param: `${P}target`});
  const run = document.createElement("button");
  run.type = "button";
  run.className = "cnn-live-start"; // the site's mark of a button that starts cancellable live work
  run.textContent = "Run the targeted attack";
  const pgdControls = document.createElement("div");
  pgdControls.className = "cnn-adv-pgd";
  pgdControls.append(step, iterations, run); // the target stays visible: fooling images use it too
  const status = document.createElement("p");
  status.className = "cnn-adv-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const progressSlot = document.createElement("div");
  const original = panel("Original"), perturbation = panel("Perturbation (magnified)"), adversarial = panel("Adversarial");
  const panels = document.createElement("div");
  panels.className = "cnn-adv-panels";
  panels.append(original.figure, perturbation.figure, adversarial.figure);
  const tables = document.createElement("div");
  tables.className = "cnn-adv-tables";
  const transferButton = document.createElement("button");
  transferButton.type = "button";
  transferButton.textContent = "Test this image on the other networks";
  const transferOut = document.createElement("div");
  const foolButton = document.createElement("button");
  foolButton.type = "button";
  foolButton.className = "cnn-live-start";
  foolButton.textContent = "Make a fooling image of the target class from noise";
  const foolOut = document.createElement("div");
  foolOut.className = "cnn-adv-fooling";
  root.append(modelSelect, source, attack, eps, target, pgdControls, status, progressSlot, panels, tables, transferButton, transferOut, foolButton, foolOut);

  // the state that outlives one slider move: the clean image and the FGSM direction for it
  let x: tf.Tensor4D | null = null, direction: tf.Tensor4D | null = null, adv: tf.Tensor4D | null = null;
  let model: ZooModel | null = null, ticket = 0, busy: AbortController | null = null;
  const drop = () => { tf.dispose([x!, direction!, adv!].filter(Boolean)); x = direction = adv = null; };
  const setAdv = (t: tf.Tensor4D | null) => { adv?.dispose(); adv = t; };

  const showMode = () => {
    const isPgd = attack.value === "pgd";
    pgdControls.hidden = !isPgd;
    eps.querySelector("label")!.textContent = isPgd ? "ε budget (pixel levels of 255)" : "ε (pixel levels of 255)";
  };

  async function show(kind: "fgsm" | "pgd", extra: Record<string, unknown> = {}): Promise<void> {
    if (!x || !adv || !model) return;
    const t = ticket;
    const before = await topK(model, x, 5), after = await topK(model, adv, 5);
    const norms = await perturbationNorms(x, adv);
    const magnified = await magnifiedPerturbation(x, adv);
    try {
      await drawImage(x, original.canvas);
      await drawImage(magnified, perturbation.canvas);
      await drawImage(adv, adversarial.canvas);
    } finally {
      magnified.dispose();
    }
    if (t !== ticket) return;
    const changed = before[0].index !== after[0].index;
    original.canvas.setAttribute("aria-label", `Original: ${model.name} says ${before[0].label}, ${percent(before[0].probability)}`);
    adversarial.canvas.setAttribute("aria-label", `Adversarial: ${model.name} says ${after[0].label}, ${percent(after[0].probability)}`);
    perturbation.canvas.setAttribute("aria-label", `The perturbation, magnified: L-infinity ${norms.linf.toFixed(2)} levels, L2 ${norms.l2.toFixed(3)}`);
    perturbation.caption.textContent = `Perturbation, magnified · L∞ = ${norms.linf.toFixed(2)}/255 · L2 = ${norms.l2.toFixed(3)}`;
    adversarial.caption.textContent = `Adversarial: “${after[0].label}” ${percent(after[0].probability)}`;
    original.caption.textContent = `Original: “${before[0].label}” ${percent(before[0].probability)}`;
    tables.replaceChildren(topTable("Top-5 on the original", before), topTable("Top-5 on the adversarial image", after));
    root.dataset.top1Before = before[0].label;
    root.dataset.top1After = after[0].label;
    root.dataset.state = "done";
    root.dataset.tensors = String(tf.memory().numTensors); // for the leak test: must not grow with slider moves
    status.textContent = `${model.name}: “${before[0].label}” → “${after[0].label}”${changed ? " (top-1 changed)" : " (top-1 unchanged)"}.`;
    reportResult(ADVERSARIAL_WIDGET, {model: model.id, attack: kind, eps: eps.value, top1Before: before[0].label, top1After: after[0].label, changed, linf: norms.linf, l2: norms.l2, ...extra});
  }

  /** FGSM at the slider's ε: reuse the direction, compute it first if this image has none. */
  async function updateFgsm(): Promise<void> {
    if (!x || !model) return;
    if (!direction) {
      status.textContent = `Computing the gradient of ${model.name}…`;
      direction = await fgsmDirection(model, x, {});
    }
    setAdv(fgsmStep(x, direction, eps.value));
    await show("fgsm");
  }

  async function reload(): Promise<void> {
    const t = ++ticket;
    root.dataset.state = "busy";
    transferOut.replaceChildren();
    try {
      const m = await cache.get(modelSelect.value);
      if (t !== ticket) return;
      if (m !== model) {
        model = m;
        target.setLabels(m.labels);
      }
      const image = source.value;
      if (!image) return;
      drop();
      x = modelInput(image.pixels, m.inputSize);
      if (attack.value === "fgsm") await updateFgsm();
      else {
        setAdv(x.clone());
        await show("pgd", {iterations: 0});
        status.textContent = `Pick a target class and press “${run.textContent}”.`;
      }
    } catch (e) {
      if (t !== ticket) return;
      root.dataset.state = "error";
      status.textContent = `Could not attack: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  async function runPgd(): Promise<void> {
    busy?.abort();
    // the bar first: a press always answers, even before the first image has loaded
    const progress = progressWidget("Targeted attack");
    progressSlot.replaceChildren(progress.element);
    const controller = new AbortController();
    busy = controller;
    progress.signal.addEventListener("abort", () => controller.abort());
    run.disabled = true;
    root.dataset.state = "busy";
    try {
      if (!x || !model) await reload();
      if (!x || !model) {
        progress.finish("Nothing to attack yet: the image is still loading. Press again in a moment.");
        return;
      }
      const t = ticket, m = model;
      const r = await pgd(m, x, {epsilon: eps.value, step: step.value, iterations: iterations.value, target: target.value, stopEarly: true, signal: controller.signal,
        onProgress: (i, n, top) => progress.update(i, n, `top-1 “${m.labels[top.index]}” ${percent(top.probability)}`)});
      if (t !== ticket) { r.adversarial.dispose(); progress.finish("Stopped: the network or the image changed"); return; }
      setAdv(r.adversarial);
      progress.finish(r.cancelled ? `Cancelled after ${r.iterations} iterations` : r.reached ? `Reached “${m.labels[target.value]}” in ${r.iterations} iterations` : `Not reached in ${r.iterations} iterations at ε = ${eps.value}/255`);
      await show("pgd", {target: target.value, targetLabel: m.labels[target.value], reached: r.reached, iterations: r.iterations, cancelled: r.cancelled});
      if (r.cancelled) root.dataset.state = "cancelled";
    } catch (e) {
      progress.finish(`Failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      run.disabled = false;
      if (busy === controller) busy = null;
    }
  }

  async function transfer(): Promise<void> {
    if (!x || !adv || !model) return;
    const m = model, original = x.clone(), attacked = adv.clone();
    const others = cache.models.filter((o) => o.id !== m.id);
    transferOut.replaceChildren(Object.assign(document.createElement("p"), {textContent: "Classifying with the other networks…"}));
    const rows: Array<Array<string | number>> = [];
    try {
      for (const o of others) {
        const net = await cache.get(o.id).catch(() => null);
        if (!net || net.labels.length !== m.labels.length) continue; // another task's classes: nothing to compare
        const r = await transferTo(net, original, attacked);
        rows.push([net.name, r.before.label, r.after.label, r.changed ? "yes" : "no"]);
      }
    } finally {
      tf.dispose([original, attacked]);
    }
    transferOut.replaceChildren(rows.length
      ? dataTable({caption: `The image attacked on ${m.name}, classified by the other networks (each at its own input size)`, columns: ["Network", "Top-1 on the original", "Top-1 on the adversarial", "Changed"], rows})
      : Object.assign(document.createElement("p"), {textContent: "No other network with the same classes is in this build."}));
    reportResult(ADVERSARIAL_WIDGET, {model: m.id, transfer: rows.map(([name, before, after, changed]) => ({model: name, before, after, changed: changed === "yes"}))});
  }

  async function fool(): Promise<void> {
    const progress = progressWidget("Fooling image");
    foolOut.replaceChildren(progress.element);
    foolButton.disabled = true;
    try {
      // the network of the last image shown (the target's classes are its classes), else the picked one
      const m = model ?? (await cache.get(modelSelect.value));
      const k = Math.min(target.value, m.labels.length - 1);
      const r = await foolingImage(m, {target: k, signal: progress.signal, onProgress: (i, n, top) => progress.update(i, n, `P(${m.labels[k]}) … top-1 ${percent(top.probability)}`)});
      try {
        const canvas = await drawImage(r.adversarial, document.createElement("canvas"), 160);
        const p = await probabilityOf(m, r.adversarial, k);
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", `Fooling image: ${m.name} says ${m.labels[k]} with probability ${percent(p)}`);
        progress.finish(r.cancelled ? "Cancelled" : `${m.name}: “${m.labels[k]}” with ${percent(p)} after ${r.iterations} steps`);
        foolOut.append(canvas);
        reportResult(ADVERSARIAL_WIDGET, {model: m.id, fooling: true, target: k, targetLabel: m.labels[k], probability: p, iterations: r.iterations, reached: r.reached});
      } finally {
        tf.dispose([r.start, r.adversarial]);
      }
    } catch (e) {
      progress.finish(`Failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      foolButton.disabled = false;
    }
  }

  // one job at a time, in order: a slider move never disposes tensors a drawing still reads
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>) => {
    chain = chain.then(job).catch((e) => {
      root.dataset.state = "error";
      status.textContent = `Could not attack: ${e instanceof Error ? e.message : String(e)}`;
    });
  };
  let epsQueued = false;
  modelSelect.addEventListener("input", () => { busy?.abort(); source.setSamples(samplesFor(samples, modelSelect.value)); enqueue(reload); });
  source.addEventListener("input", () => { busy?.abort(); enqueue(reload); });
  attack.addEventListener("input", () => { busy?.abort(); showMode(); enqueue(reload); });
  eps.addEventListener("input", () => {
    if (attack.value !== "fgsm" || epsQueued) return;
    epsQueued = true; // moves made while a frame is drawn collapse into one update
    enqueue(async () => { epsQueued = false; await updateFgsm(); });
  });
  run.addEventListener("click", () => enqueue(runPgd));
  transferButton.addEventListener("click", () => enqueue(transfer));
  foolButton.addEventListener("click", () => void fool());
  showMode();
  root.dispose = () => { ++ticket; busy?.abort(); drop(); };
  return root;
}
