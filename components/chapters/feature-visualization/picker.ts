// The feature-visualization chapter's selection: a network, one of its layers and one channel.
// Every figure of the chapter (precomputed tile, live render, channel bars, histogram) follows
// one picker through `onPick`, so a page or an embed shows a consistent view. The three
// choices live in the URL as `model`, `layer` (its name) and `channel` (its number). The layer
// slider is rebuilt when the network changes and the channel slider when the layer changes;
// each re-reads the URL, keeping the choice where the new list holds it (or the nearest
// channel) and writing back what it shows instead.
import {selectInput, type ValueElement} from "../../ui/controls.ts";
import {listSlider} from "../../ui/list-slider.ts";
import {defaultLayerIndex, hasRenders, type RenderAtlas, type SpriteSheet} from "../../featvis/atlas.ts";
import {readParam, writeParam} from "../../ui/url-state.ts";

export interface FeatvisModelOption {
  id: string;
  name: string;
}

export interface FeatvisPick {
  model: string;
  modelName: string;
  atlas: RenderAtlas;
  sheet: SpriteSheet;
  layer: string;
  channel: number;
  /** Whether this channel has a precomputed render. */
  rendered: boolean;
}

export interface FeatvisPickerOptions {
  models: FeatvisModelOption[];
  /** The page's sentence on what this build lacks (shown under the picker), or null. */
  note?: HTMLElement | null;
  /** The precomputed renders of a network, or its layers when it has none. */
  atlasFor(model: string): Promise<RenderAtlas>;
  /** The network shown first when the URL names none (default: the first of `models`). */
  defaultModel?: string;
}

export type FeatvisPicker = HTMLElement & {
  readonly value: FeatvisPick;
  /** Calls `fn` with every new pick (not with the current one); returns an unsubscribe function. */
  onPick(fn: (pick: FeatvisPick) => void): () => void;
  /** Select a channel of the current layer (as a bar click does); false if it cannot be shown or is locked. */
  selectChannel(channel: number): boolean;
};

const channelFormat = (sheet: SpriteSheet) => (channel: number, i: number) =>
  hasRenders(sheet) ? `${channel} (${i + 1} of ${sheet.channels.length} rendered)` : `${channel} of ${sheet.channels.length}`;

/** Builds the picker once the first network's atlas has loaded. */
export async function featvisPicker({models, note = null, atlasFor, defaultModel}: FeatvisPickerOptions): Promise<FeatvisPicker> {
  if (!models.length) throw new Error("no network is available in this build");
  const root = document.createElement("div") as unknown as FeatvisPicker;
  root.className = "cnn-featvis-picker";
  const first = models.some((m) => m.id === defaultModel) ? defaultModel : undefined;
  const modelSelect = selectInput({label: "Network", options: models.map((m) => ({value: m.id, text: m.name})), value: first, param: "model"});
  if (readParam("model") !== null && readParam("model") !== modelSelect.value) writeParam("model", modelSelect.value);
  const layerSlot = document.createElement("div");
  const channelSlot = document.createElement("div");
  const status = document.createElement("p");
  status.className = "cnn-featvis-picker-status";
  status.setAttribute("role", "status");
  root.append(modelSelect, layerSlot, channelSlot, status);
  if (note) root.append(note);
  // the inner controls' "input" events stop here: the picker speaks once a pick is complete
  root.addEventListener("input", (e) => { if (e.target !== root) e.stopPropagation(); });

  const listeners = new Set<(pick: FeatvisPick) => void>();
  let atlas: RenderAtlas;
  let layerInput: ValueElement<number>;
  let channelInput: ValueElement<number>;
  let pick: FeatvisPick;
  const modelName = (id: string) => models.find((m) => m.id === id)?.name ?? id;

  function emit(): void {
    const sheet = atlas.layers[layerInput.value];
    const channel = sheet.channels[channelInput.value];
    pick = {model: atlas.model, modelName: modelName(atlas.model), atlas, sheet, layer: sheet.layer, channel, rendered: hasRenders(sheet)};
    root.dataset.model = pick.model;
    root.dataset.layer = pick.layer;
    root.dataset.channel = String(channel);
    for (const fn of listeners) fn(pick);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  }

  function buildChannel(): void {
    const sheet = atlas.layers[layerInput.value];
    channelInput = listSlider({label: "Channel", items: sheet.channels, format: channelFormat(sheet), param: "channel"});
    channelInput.addEventListener("input", emit);
    channelSlot.replaceChildren(channelInput);
  }

  function buildLayer(next: RenderAtlas): void {
    atlas = next;
    layerInput = listSlider({label: "Layer", items: atlas.layers.map((l) => l.layer), value: defaultLayerIndex(atlas), param: "layer"});
    layerInput.addEventListener("input", () => { buildChannel(); emit(); });
    layerSlot.replaceChildren(layerInput);
    buildChannel();
  }

  let ticket = 0;
  async function useModel(id: string): Promise<boolean> {
    const mine = ++ticket;
    status.textContent = `Loading the layers of ${modelName(id)}…`;
    try {
      const next = await atlasFor(id);
      if (mine !== ticket) return false;
      if (!next.layers.length) throw new Error(`${modelName(id)} has no layer with feature maps to look at`);
      buildLayer(next);
      status.textContent = "";
      return true;
    } catch (e) {
      if (mine === ticket) status.textContent = `Could not show ${modelName(id)}: ${e instanceof Error ? e.message : String(e)}`;
      return false;
    }
  }

  modelSelect.addEventListener("input", async () => { if (await useModel(modelSelect.value)) emit(); });
  if (!(await useModel(modelSelect.value))) throw new Error(status.textContent ?? "the network could not be shown");
  emit();

  Object.defineProperty(root, "value", {get: () => pick});
  root.onPick = (fn) => {
    listeners.add(fn);
    return () => listeners.delete(fn);
  };
  root.selectChannel = (channel) => {
    const i = pick.sheet.channels.indexOf(channel);
    if (i < 0 || channelInput.querySelector("input")?.disabled) return false;
    channelInput.value = i;
    return channelInput.value === i;
  };
  return root;
}

