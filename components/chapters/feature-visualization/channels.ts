// "Which channels fire on this image?", following a picker: one image (a sample, named in the
// URL as `image`, or an upload, which no link carries), each channel's mean activation in the
// picked layer as bars, the strongest channels in words, and the same numbers as a table.
// A bar picks its channel in the picker (click, or arrows and Enter).
import {decodeImageFile, type RgbaImage} from "../../image/decode-browser.ts";
import {toModelInput} from "../../image/prepare.ts";
import {meanChannelActivations} from "../../featvis/channel-activations.ts";
import {strongestChannels, strongestSentence} from "../../featvis/atlas.ts";
import {channelBars, type ChannelBarsElement} from "../../ui/channel-bars.ts";
import {selectInput} from "../../ui/controls.ts";
import {chartWithTable} from "../../ui/data-table.ts";
import {imageUpload} from "../../ui/upload.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {isHidden, isLocked, readParam, writeParam} from "../../ui/url-state.ts";
import type {FeatvisPick, FeatvisPicker} from "./picker.ts";
import type {FeatvisModels} from "./models.ts";
import {chartWidth, type FollowingFigure} from "./browser.ts";

export const CHANNELS_WIDGET = "featvis-channels";

export interface FeatvisSample {
  id: string;
  title: string;
  src: string;
}

interface ChannelsResult {
  model: string;
  layer: string;
  image: string;
  sample: string | null;
  selected: number;
  strongest: Array<{channel: number; mean: number}>;
}

interface Chosen {
  key: string;
  title: string;
  sample: string | null;
  pixels: RgbaImage;
}

function thumbnail(image: Chosen): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.className = "cnn-featvis-thumb";
  canvas.width = image.pixels.width;
  canvas.height = image.pixels.height;
  canvas.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(image.pixels.data), image.pixels.width, image.pixels.height), 0, 0);
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `The image measured: ${image.title}`);
  return canvas;
}

export function featvisChannels(picker: FeatvisPicker, models: FeatvisModels, samples: FeatvisSample[]): FollowingFigure {
  const root = document.createElement("div") as unknown as FollowingFigure;
  root.className = "cnn-featvis-channels";
  const sampleSelect = selectInput({label: "Image", options: samples.map((s) => ({value: s.id, text: s.title})), param: "image"});
  if (readParam("image") !== null && readParam("image") !== sampleSelect.value) writeParam("image", sampleSelect.value);
  const upload = imageUpload({label: "Or upload your own"});
  const picture = document.createElement("div");
  picture.className = "cnn-featvis-picture";
  const chart = document.createElement("div");
  const hint = document.createElement("p");
  hint.className = "cnn-featvis-hint";
  hint.textContent = "Click a bar, or focus the chart and use the arrow keys and Enter, to pick that channel.";
  const status = document.createElement("p");
  status.className = "cnn-featvis-strongest";
  status.setAttribute("role", "status");
  // an embed that fixes or hides the image fixes it for uploads too
  const uploadAllowed = !isLocked("image") && !isHidden("image");
  root.append(sampleSelect, ...(uploadAllowed ? [upload] : []), picture, chart, hint, status);

  // the figure's answer: the strongest channels, and the channel the reader picked
  let last: ChannelsResult | null = null;
  const report = (r: ChannelsResult) => {
    last = r;
    reportResult(CHANNELS_WIDGET, {...r});
  };
  let image: Chosen | null = null;
  let bars: ChannelBarsElement | null = null;
  let shown = "";
  let ticket = 0;
  let uploads = 0;

  async function measure(pick: FeatvisPick): Promise<void> {
    if (!image) return;
    const key = `${pick.model}|${pick.layer}|${image.key}`;
    if (key === shown && bars && last) {
      bars.select(pick.channel);
      if (last.selected !== pick.channel) report({...last, selected: pick.channel});
      return;
    }
    const mine = ++ticket;
    const chosen = image;
    root.dataset.state = "busy";
    status.textContent = `Measuring ${pick.layer} of ${pick.modelName} on ${chosen.title}…`;
    try {
      const model = await models.get(pick.model);
      if (mine !== ticket) return;
      const x = toModelInput(chosen.pixels.data, chosen.pixels.width, chosen.pixels.height, model.inputSize);
      let means: Float32Array;
      try {
        means = await meanChannelActivations(model, x, pick.layer);
      } finally {
        x.dispose();
      }
      if (mine !== ticket) return; // a newer pick measured while this one was being read
      const values = Array.from(means);
      const top = strongestChannels(values, 3);
      const sentence = strongestSentence(chosen.title, pick.layer, top);
      bars = channelBars({
        values,
        selected: pick.channel,
        width: chartWidth(chart),
        label: `${pick.layer}: mean activation of each channel on ${chosen.title}`,
        onSelect: (k) => {
          if (picker.selectChannel(k)) return;
          status.textContent = picker.value.sheet.channels.includes(k)
            ? "The channel is fixed by the page that embeds this figure."
            : `Channel ${k} of ${pick.layer} has no precomputed render (channels ${picker.value.sheet.channels[0]}–${picker.value.sheet.channels.at(-1)} do).`;
        },
      });
      bars.id = "featvis-bars";
      const wasOpen = chart.querySelector("details")?.open ?? false;
      const figure = chartWithTable(bars, {
        caption: `Mean activation of each channel of ${pick.layer} on ${chosen.title}`,
        columns: ["Channel", "Mean activation"],
        rows: values.map((v, i) => [i, v]),
      });
      figure.querySelector("details")!.open = wasOpen;
      chart.replaceChildren(figure);
      shown = key;
      status.textContent = sentence;
      root.dataset.state = "done";
      root.dataset.layer = pick.layer;
      report({
        model: pick.model, layer: pick.layer, image: chosen.title, sample: chosen.sample, selected: pick.channel,
        strongest: top.map((c) => ({channel: c.channel, mean: Number(c.mean.toPrecision(4))})),
      });
    } catch (e) {
      if (mine !== ticket) return;
      root.dataset.state = "error";
      status.textContent = `Could not measure the channels: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  function use(next: Chosen): void {
    image = next;
    picture.replaceChildren(thumbnail(next));
    void measure(picker.value);
  }

  async function useSample(): Promise<void> {
    const s = samples.find((d) => d.id === sampleSelect.value);
    if (!s) return;
    try {
      const decoded = await decodeImageFile(await (await fetch(s.src)).blob());
      if (sampleSelect.value === s.id) use({key: `sample:${s.id}`, title: s.title, sample: s.id, pixels: decoded.image});
    } catch (e) {
      status.textContent = `Could not read the sample “${s.title}”: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  sampleSelect.addEventListener("input", () => void useSample());
  upload.addEventListener("input", () => {
    if (upload.value) use({key: `upload:${++uploads}`, title: upload.value.name, sample: null, pixels: upload.value.image});
  });
  const stop = picker.onPick((pick) => void measure(pick));
  root.dispose = () => {
    stop();
    ticket++;
  };
  void useSample();
  return root;
}
