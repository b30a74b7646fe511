// "Three rules, one switch": a unit's (or the top class's) projection to pixel space under
// backprop, the deconvnet or guided backprop, live on the chosen network and image.
import * as tf from "@tensorflow/tfjs";
import {readScalar} from "../../tf/read.ts";
import {project, type Target} from "../../backward/project.ts";
import {RULES, type Rule} from "../../backward/rules.ts";
import {toRgba, VIEWS, type View} from "../../backward/view.ts";
import {rangeInput, selectInput, type ValueElement} from "../../ui/controls.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {modelInputCanvas} from "../../ui/classify.ts";
import {rgbaCanvas, statusLine} from "./canvas.ts";
import {imageSource, type Sample} from "./image-source.ts";
import {mapLayers, modelCache, type ModelChoice} from "./models.ts";

export const RULE_NAMES: Record<Rule, string> = {backprop: "Backprop (gradient)", deconvnet: "Deconvnet", guided: "Guided backprop"};
const CLASS = "__class__";

export type ThreeRulesElement = HTMLElement & {dispose(): void; ready: Promise<void>};

export function threeRulesFigure({models, samples, widget = "three-rules"}: {models: ModelChoice[]; samples: Sample[]; widget?: string}): ThreeRulesElement {
  const root = document.createElement("div") as unknown as ThreeRulesElement;
  root.className = "cnn-three-rules";
  root.id = widget;
  const cache = modelCache(models);
  const modelSelect = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name})), param: "back.model"});
  const source = imageSource(samples, "back.");
  const rule = selectInput({label: "Rule", options: RULES.map((r) => ({value: r, text: RULE_NAMES[r]})), value: "guided", param: "back.rule"});
  const view = selectInput({label: "View", options: VIEWS.map((v) => ({value: v, text: v === "signed" ? "Signed (grey = 0)" : "Absolute (max over colour)"})), param: "back.view"});
  const layerSlot = document.createElement("div"), channelSlot = document.createElement("div");
  const status = statusLine();
  const pictures = document.createElement("div");
  pictures.className = "cnn-pair";
  root.append(modelSelect, source, layerSlot, channelSlot, rule, view, status, pictures);
  let layer: ValueElement<string> | null = null, channel: ValueElement<number> | null = null;
  let ticket = 0;

  const buildLayerControls = async () => {
    const model = await cache.get(modelSelect.value);
    const layers = mapLayers(model);
    const preferred = layers[Math.floor((layers.length * 2) / 3)]?.name;
    layer = selectInput({label: "Layer", options: [...layers.map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), {value: CLASS, text: "Class logit (top class)"}], value: preferred, param: "back.layer"});
    layer.addEventListener("input", () => void buildChannel().then(update));
    layerSlot.replaceChildren(layer);
    await buildChannel();
  };
  const buildChannel = async () => {
    const model = await cache.get(modelSelect.value);
    const info = model.layers.find((l) => l.name === layer!.value);
    if (!info) {
      channel = null;
      channelSlot.replaceChildren();
      return;
    }
    channel = rangeInput({label: "Channel", min: 0, max: info.shape.at(-1)! - 1, value: 0, param: "back.channel"});
    channel.addEventListener("input", () => void update());
    channelSlot.replaceChildren(channel);
  };

  async function update(): Promise<void> {
    const img = source.image;
    if (!img || !layer) return;
    const mine = ++ticket;
    root.dataset.state = "busy";
    status.textContent = "Projecting…";
    try {
      const model = await cache.get(modelSelect.value);
      await tf.nextFrame();
      if (mine !== ticket) return;
      const input = modelInputCanvas(img.pixels, model.inputSize);
      const x = tf.tidy(() => tf.browser.fromPixels(input, 3).toFloat().div(255).expandDims(0) as tf.Tensor4D);
      let target: Target;
      if (layer.value === CLASS) {
        const top = await readScalar(tf.tidy(() => model.logits(x).argMax(1)));
        target = {kind: "logit", index: top};
      } else target = {kind: "channel", layer: layer.value, channel: channel?.value ?? 0};
      const r = rule.value as Rule, v = view.value as View;
      const t0 = performance.now();
      const p = await project(model, x, target, r);
      const pixels = await toRgba(p.map, v);
      const ms = performance.now() - t0;
      tf.dispose([x, p.map]);
      if (mine !== ticket) return;
      const what = target.kind === "logit" ? `the logit of “${model.labels[target.index]}”` : `channel ${target.channel} of ${target.layer} (its strongest unit, at row ${p.unit.row}, column ${p.unit.col}, activation ${p.unit.value.toFixed(2)})`;
      input.style.width = "224px";
      input.style.maxWidth = "100%";
      input.setAttribute("role", "img");
      input.setAttribute("aria-label", `${img.title} as ${model.name} sees it`);
      const out = rgbaCanvas(pixels, 224, `${RULE_NAMES[r]} projection of ${what}, ${v} view`);
      out.dataset.rule = r;
      pictures.replaceChildren(input, out);
      status.textContent = `${RULE_NAMES[r]} from ${what}: ${ms.toFixed(0)} ms.`;
      root.dataset.state = "done";
      root.dataset.signature = `${model.id}|${layer.value}|${channel?.value}|${r}|${v}|${pixels.data.reduce((s, q, i) => (s + q * ((i % 97) + 1)) % 1000003, 0)}`;
      reportResult(widget, {model: model.id, image: img.title, target, rule: r, view: v, unit: p.unit, ms});
    } catch (e) {
      if (mine !== ticket) return;
      status.textContent = `Could not project: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
    }
  }

  modelSelect.addEventListener("input", () => void buildLayerControls().then(update));
  source.addEventListener("input", () => void update());
  rule.addEventListener("input", () => void update());
  view.addEventListener("input", () => void update());
  root.ready = (async () => {
    await Promise.all([source.ready, buildLayerControls()]);
    await update();
  })().catch((e) => {
    status.textContent = `Could not start: ${e instanceof Error ? e.message : String(e)}`;
    root.dataset.state = "error";
  });
  root.dispose = () => {
    ticket++;
    cache.dispose();
  };
  return root;
}
