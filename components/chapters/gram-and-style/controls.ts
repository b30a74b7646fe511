// The Gram chapter's controls that need their own URL encoding: a set of layer checkboxes
// stored as one key ("texture.layers=conv1_relu,conv_pw_1_relu") and weight sliders on a log
// scale stored as the weight itself. controls.ts's bindParam puts them in the URL like every
// other control.
import type {ZooModel} from "../../zoo/types.ts";
import {spatialLayers} from "../../gram/defaults.ts";
import {formatWeight} from "../../gram/params.ts";
import {layerSetCodec, logWeightCodec} from "./codecs.ts";
import {bindParam, checkboxInput, rangeInput, selectInput, type ValueElement} from "../../ui/controls.ts";

/** Keys of one widget's controls: "<prefix>.<name>", or the bare name without a prefix. */
export const paramKey = (prefix: string | undefined, name: string) => (prefix ? `${prefix}.${name}` : name);

/** One checkbox per spatial layer, the given layers ticked; its value is the ticked names. */
export function layerChecks(model: ZooModel, chosen: readonly string[], key: string): ValueElement<string[]> {
  const fieldset = document.createElement("fieldset") as unknown as ValueElement<string[]>;
  fieldset.className = "cnn-gram-layers";
  const legend = document.createElement("legend");
  legend.textContent = "Layers whose Gram matrices are matched (map sizes at the network's native input)";
  fieldset.append(legend);
  const layers = spatialLayers(model);
  const boxes = layers.map((l) => {
    const box = checkboxInput({label: `${l.name} (${l.shape.join("×")})`, value: chosen.includes(l.name)});
    box.dataset.layer = l.name;
    fieldset.append(box);
    return [l.name, box] as const;
  });
  Object.defineProperty(fieldset, "value", {
    get: () => boxes.filter(([, b]) => b.value).map(([n]) => n),
    set: (names: string[]) => { for (const [n, b] of boxes) b.value = names.includes(n); },
    configurable: true,
  });
  return bindParam(fieldset, key, layerSetCodec(layers.map((l) => l.name)));
}

/** A slider over powers of ten (its value is log10 of the weight); the URL holds the weight. */
export function logSlider(label: string, weight: number, min: number, max: number, key: string): ValueElement<number> {
  const step = 0.25;
  const slider = rangeInput({label, min: Math.log10(min), max: Math.log10(max), step, value: Math.log10(weight), format: (v) => formatWeight(10 ** v)});
  return bindParam(slider, key, logWeightCodec(min, max, step));
}

export interface ImageOption {
  id: string;
  title: string;
}

export function imageSelect(label: string, images: readonly ImageOption[], value: string | undefined, key: string): ValueElement<string> {
  return selectInput({label, options: images.map((i) => ({value: i.id, text: i.title})), value: value ?? images[0]?.id, param: key});
}
