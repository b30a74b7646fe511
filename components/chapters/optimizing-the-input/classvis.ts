// The class-visualization figure: pick a network and a class (searchable), render it live with
// progress and Cancel (components/classvis/: Simonyan et al.'s class score, Yosinski et al.'s
// regularizers, on the feature-visualization render loop), then show how the network
// classifies the result.
import {classVisualization, CLASSVIS_DEFAULTS} from "../../classvis/classvis.ts";
import {rangeInput, selectInput} from "../../ui/controls.ts";
import {progressWidget} from "../../ui/progress.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {classPicker, percent, type ModelCache} from "./shared.ts";
import type {DisposableElement} from "./adversarial.ts";

export const CLASSVIS_WIDGET = "classvis";

/** The class shown first where the network has it: the seed article's dumbbell (found by name: class orders differ). */
const firstClass = (labels: string[]) => Math.max(0, labels.findIndex((l) => l.toLowerCase().split(",")[0].trim() === "dumbbell"));

/** The figure; `renderClass` selects a network and class (e.g. from the gallery), scrolls to the figure and renders it. */
export type ClassVisFigure = DisposableElement & {renderClass(modelId: string, classIndex: number): Promise<boolean>};

export function classVisFigure(cache: ModelCache): ClassVisFigure {
  const root = document.createElement("div") as unknown as ClassVisFigure;
  root.className = "cnn-classvis";
  root.id = "classvis";
  root.dispose = () => {};
  root.renderClass = async () => false;
  if (!cache.models.length) {
    root.textContent = "No network is available in this build.";
    return root;
  }
  const P = "classvis.";
  const modelSelect = selectInput({label: "Network", options: cache.models.map((m) => ({value: m.id, text: m.name})), param: `${P}model`});
  const cls = classPicker({label: "Class", labels: ["…"], value: 0, param: `${P}class`});
  const steps = rangeInput({label: "Steps", min: 8, max: 256, step: 8, value: CLASSVIS_DEFAULTS.steps, param: `${P}steps`});
  const decay = rangeInput({label: "L2 decay per step", min: 0, max: 0.1, step: 0.005, value: CLASSVIS_DEFAULTS.decay, param: `${P}decay`});
  const render = document.createElement("button");
  render.type = "button";
  render.className = "cnn-live-start"; // the site's mark of a button that starts cancellable live work
  render.textContent = "Render";
  const progressSlot = document.createElement("div");
  const out = document.createElement("figure");
  out.className = "cnn-classvis-out";
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", "No render yet");
  const caption = document.createElement("figcaption");
  caption.setAttribute("aria-live", "polite");
  caption.textContent = "Press Render.";
  out.append(canvas, caption);
  root.append(modelSelect, cls, steps, decay, render, progressSlot, out);

  let controller: AbortController | null = null, ticket = 0;
  const loadLabels = async () => {
    const t = ++ticket;
    const m = await cache.get(modelSelect.value);
    if (t !== ticket) return;
    const start = cls.value;
    cls.setLabels(m.labels);
    if (start === 0 && !new URLSearchParams(location.search).has(`${P}class`)) cls.value = firstClass(m.labels);
  };

  async function go(): Promise<void> {
    controller?.abort();
    const progress = progressWidget("Rendering");
    progressSlot.replaceChildren(progress.element);
    controller = new AbortController();
    const mine = controller;
    progress.signal.addEventListener("abort", () => mine.abort());
    render.disabled = true;
    root.dataset.state = "busy";
    try {
      const m = await cache.get(modelSelect.value);
      const k = cls.value;
      const r = await classVisualization(m, k, {steps: steps.value, decay: decay.value, signal: mine.signal, onProgress: (s, n, v) => progress.update(s, n, `logit ${v.toFixed(2)}`)});
      const image = new ImageData(new Uint8ClampedArray(r.image.data), r.image.width, r.image.height);
      canvas.width = r.image.width;
      canvas.height = r.image.height;
      canvas.getContext("2d")!.putImageData(image, 0, 0);
      canvas.style.width = "224px";
      canvas.style.imageRendering = r.image.width < 100 ? "pixelated" : "auto";
      const ok = r.top1.index === k;
      const text = `${m.name}, class “${r.label}”: logit ${r.logitBefore.toFixed(1)} → ${r.logitAfter.toFixed(1)} in ${r.steps} steps. The network classifies the render as “${r.top1.label}” (${percent(r.top1.probability)})${ok ? "" : `; P(${r.label}) = ${percent(r.probability)}`}.`;
      caption.textContent = text;
      canvas.setAttribute("aria-label", `Class visualization of ${r.label}: ${text}`);
      progress.finish(r.cancelled ? `Cancelled after ${r.steps} steps` : `Done in ${r.seconds.toFixed(1)} s`);
      root.dataset.state = r.cancelled ? "cancelled" : "done";
      root.dataset.top1 = r.top1.label;
      reportResult(CLASSVIS_WIDGET, {model: m.id, class: k, label: r.label, top1: r.top1.label, probability: r.probability, classifiedAsClass: ok, steps: r.steps, cancelled: r.cancelled});
    } catch (e) {
      progress.finish(`Failed: ${e instanceof Error ? e.message : String(e)}`);
      root.dataset.state = "error";
    } finally {
      render.disabled = false;
    }
  }

  modelSelect.addEventListener("input", () => void loadLabels());
  render.addEventListener("click", () => void go());
  void loadLabels();
  root.dispose = () => { ++ticket; controller?.abort(); };
  root.renderClass = async (modelId, k) => {
    if (!cache.models.some((m) => m.id === modelId)) return false;
    modelSelect.value = modelId; // its input event reloads the labels; the call below supersedes it
    if (modelSelect.value !== modelId) return false; // the network is fixed by an embedding page
    await loadLabels();
    cls.value = k;
    if (cls.value !== k) return false;
    root.scrollIntoView({block: "start"});
    render.focus({preventScroll: true});
    await go();
    return true;
  };
  return root;
}
