// Semantic directions (Szegedy et al. 2013, Section 3): over an image set, the nine images that
// most excite one unit of a layer beside the nine that most excite a seeded random direction of
// the same layer, each with its score, how many share a label against chance, and a data table.
// The layer's features are computed once per network and layer (a forward pass over the set,
// tensors disposed at once); moving the unit or drawing a new direction only re-ranks numbers.
import * as tf from "@tensorflow/tfjs";
import {DIRECTIONS_SHAPETEX_SET, defaultDirectionLayer, directionLayers, directions, layerFeatures, type LayerFeatures, type Ranked} from "../../backward/directions.ts";
import {chanceCoherence, labelCoherence, rankedImages, type Coherence} from "../../backward/coherence.ts";
import {makeShapeTexBatch, SHAPES} from "../../datasets/shapetex.ts";
import {bindParam, rangeInput, selectInput, type ValueElement} from "../../ui/controls.ts";
import {numberCodec} from "../../ui/url-state.ts";
import {reportResult} from "../../ui/embed-messages.ts";
import {scrollRegion, tableWithHeader} from "../../ui/table.ts";
import {modelInput, type ChapterSample, type ModelCache} from "./shared.ts";
import type {DisposableElement} from "./adversarial.ts";
import type {RgbaImage} from "../../image/decode-browser.ts";
import {decodeImageFile} from "../../image/decode-browser.ts";

export const DIRECTIONS_WIDGET = "directions";
const K = 9;
const MAX_SEED = 999_999;

/** One image of the set: how to show it, its label, and how to make the model's input from it. */
interface SetImage {
  title: string;
  label: string;
  /** A data: URL (photos) or an RGBA image (generated ShapeTex images, drawn at 64 px). */
  src: string | RgbaImage;
  input(size: [number, number]): tf.Tensor4D;
}

/** The generated ShapeTex images (16 of each shape), each labelled with its shape. */
function shapetexSet(): SetImage[] {
  const {seed, n, side} = DIRECTIONS_SHAPETEX_SET;
  const b = makeShapeTexBatch(seed, n, {size: side}), px = side * side * 3;
  return Array.from({length: n}, (_, i) => {
    const rgb = b.images.subarray(i * px, (i + 1) * px), data = new Uint8ClampedArray(side * side * 4);
    for (let p = 0; p < side * side; p++) data.set([rgb[3 * p] * 255, rgb[3 * p + 1] * 255, rgb[3 * p + 2] * 255, 255], 4 * p);
    return {title: `ShapeTex image ${i + 1} (${SHAPES[b.shapes[i]]})`, label: SHAPES[b.shapes[i]], src: {width: side, height: side, data},
      input: (size) => tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(rgb, [1, side, side, 3]), size) as tf.Tensor4D)};
  });
}

/** The build's sample photos (ImageNet networks only), each labelled with what it shows. */
async function photoSet(samples: ChapterSample[]): Promise<SetImage[]> {
  const out: SetImage[] = [];
  for (const s of samples.filter((q) => q.kind !== "shapetex")) {
    const decoded = await decodeImageFile(await (await fetch(s.src)).blob());
    out.push({title: s.title, label: s.label ?? s.title, src: s.src, input: (size) => modelInput(decoded.image, size)});
  }
  return out;
}

function thumb(img: SetImage, alt: string): HTMLElement {
  if (typeof img.src === "string") return Object.assign(document.createElement("img"), {src: img.src, alt, width: 64, height: 64, className: "cnn-directions-img"});
  const c = document.createElement("canvas");
  c.width = img.src.width;
  c.height = img.src.height;
  c.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(img.src.data), img.src.width, img.src.height), 0, 0);
  c.className = "cnn-directions-img";
  c.setAttribute("role", "img");
  c.setAttribute("aria-label", alt);
  return c;
}

const share = (c: Coherence) => `${c.count} of ${c.n}`;

/** The figure's sentence: both top-k's coherence against chance, with the set's size. */
export function coherenceSentence(unit: number, unitC: Coherence, randomC: Coherence, chance: number, images: number): string {
  return `Unit ${unit}: ${share(unitC)} of its top images are labelled “${unitC.label}”; random direction: ${share(randomC)} are labelled “${randomC.label}”. Nine images drawn at random from these ${images} have ${(chance * K).toFixed(1)} with their most common label, on average (chance).`;
}

/** A seed field that lives in the URL (`param`), with a button that draws the next one. */
function seedControl(param: string): ValueElement<number> & {next(): void} {
  const root = document.createElement("div") as unknown as ValueElement<number> & {next(): void};
  root.className = "cnn-control cnn-directions-seed";
  const input = Object.assign(document.createElement("input"), {type: "number", min: "0", max: String(MAX_SEED), step: "1", value: "0", id: `cnn-dir-seed-${Math.random().toString(36).slice(2, 8)}`});
  const label = Object.assign(document.createElement("label"), {htmlFor: input.id, textContent: "Random direction (seed)"});
  const button = Object.assign(document.createElement("button"), {type: "button", textContent: "New random direction"});
  root.append(label, input, button);
  const read = () => (Number.isInteger(input.valueAsNumber) ? Math.min(MAX_SEED, Math.max(0, input.valueAsNumber)) : 0);
  Object.defineProperty(root, "value", {get: read, set: (v: number) => { input.value = String(v); root.dispatchEvent(new Event("input", {bubbles: true})); }, configurable: true});
  input.addEventListener("input", (e) => e.stopPropagation());
  input.addEventListener("change", (e) => { e.stopPropagation(); root.dispatchEvent(new Event("input", {bubbles: true})); });
  const bound = bindParam(root, param, numberCodec(0, MAX_SEED, 1)) as typeof root;
  bound.next = () => { if (!input.disabled) bound.value = (read() + 1) % (MAX_SEED + 1); };
  button.addEventListener("click", () => bound.next());
  if (input.disabled) button.disabled = true; // locked by an embedding page
  return bound;
}

export function directionsFigure(cache: ModelCache, samples: ChapterSample[]): DisposableElement {
  const root = document.createElement("div") as unknown as DisposableElement;
  root.className = "cnn-directions";
  root.id = DIRECTIONS_WIDGET;
  root.dispose = () => {};
  if (!cache.models.length) {
    root.textContent = "No network is available in this build.";
    return root;
  }
  const P = "dir.";
  const ids = cache.models.map((m) => m.id);
  const modelSelect = selectInput({label: "Network", options: cache.models.map((m) => ({value: m.id, text: m.name})), value: ids.includes("shapetex") ? "shapetex" : ids[0], param: `${P}model`});
  const layerSlot = document.createElement("div"), unitSlot = document.createElement("div");
  const seed = seedControl(`${P}seed`);
  const status = document.createElement("p");
  status.className = "cnn-directions-status";
  status.setAttribute("aria-live", "polite");
  const rows = document.createElement("div");
  rows.className = "cnn-directions-rows";
  const sentence = document.createElement("p");
  sentence.className = "cnn-directions-sentence";
  sentence.setAttribute("aria-live", "polite");
  const tableSlot = document.createElement("div");
  root.append(modelSelect, layerSlot, unitSlot, seed, status, rows, sentence, tableSlot);

  let layer: ValueElement<string> | null = null, unit: ValueElement<number> | null = null;
  let ticket = 0;
  // features per network and layer: plain numbers, so nothing here holds a tensor between moves
  const features = new Map<string, Promise<LayerFeatures>>();
  let sets: {shapetex: SetImage[]; photos: Promise<SetImage[]> | null} = {shapetex: shapetexSet(), photos: null};
  const setFor = async (id: string): Promise<SetImage[]> => {
    if (id.startsWith("shapetex")) return sets.shapetex;
    sets.photos ??= photoSet(samples);
    return [...sets.shapetex, ...(await sets.photos)];
  };
  const featuresFor = (id: string, name: string): Promise<LayerFeatures> => {
    const key = `${id}|${name}`;
    let p = features.get(key);
    if (!p) {
      p = (async () => {
        const m = await cache.get(id);
        const set = await setFor(id);
        const out: LayerFeatures = {layer: name, dim: 0, rows: []};
        // the model's inputs are made batch by batch and disposed at once: 224-px copies of the whole set would hold ~60 MB
        for (let start = 0; start < set.length; start += 16) {
          const xs = set.slice(start, start + 16).map((s) => s.input(m.inputSize));
          try {
            const f = await layerFeatures(m, xs, name, {batch: 16});
            out.dim = f.dim;
            out.rows.push(...f.rows);
          } finally {
            tf.dispose(xs);
          }
          await tf.nextFrame();
        }
        return out;
      })();
      p.catch(() => features.delete(key));
      features.set(key, p);
    }
    return p;
  };

  async function buildControls(): Promise<void> {
    const t = ++ticket;
    const m = await cache.get(modelSelect.value);
    if (t !== ticket) return;
    const layers = directionLayers(m);
    layer = selectInput({label: "Layer", options: layers.map((l) => ({value: l.name, text: `${l.name} (${l.shape.join("×")})`})), value: defaultDirectionLayer(m), param: `${P}layer`});
    layer.addEventListener("input", () => { buildUnit(layers); void update(); });
    layerSlot.replaceChildren(layer);
    buildUnit(layers);
  }
  function buildUnit(layers: ReturnType<typeof directionLayers>): void {
    const info = layers.find((l) => l.name === layer!.value)!;
    unit = rangeInput({label: "Unit", min: 0, max: info.shape.at(-1)! - 1, value: 0, param: `${P}unit`});
    unit.addEventListener("input", () => void update());
    unitSlot.replaceChildren(unit);
  }

  function row(title: string, top: Ranked[], set: SetImage[], what: string): HTMLElement {
    const fig = document.createElement("figure");
    fig.className = "cnn-directions-row";
    const cap = Object.assign(document.createElement("figcaption"), {textContent: title});
    const grid = document.createElement("div");
    grid.className = "cnn-directions-grid";
    grid.append(...top.map((q, i) => {
      const cell = document.createElement("div");
      const img = set[q.image];
      cell.append(thumb(img, `${what}, rank ${i + 1}: ${img.title}, score ${q.score.toFixed(2)}`), Object.assign(document.createElement("span"), {textContent: q.score.toFixed(2)}));
      return cell;
    }));
    fig.append(cap, grid);
    return fig;
  }

  function table(r: ReturnType<typeof directions>, set: SetImage[]): HTMLElement {
    const {table, body} = tableWithHeader("cnn-directions-table", ["Rank", `Unit ${r.unit}: image`, "Label", "Score", "Random direction: image", "Label", "Score"]);
    table.createCaption().textContent = `The ${K} images with the largest projection on unit ${r.unit} and on random direction ${r.seed} of ${r.layer}`;
    r.unitTop.forEach((u, i) => {
      const v = r.randomTop[i], tr = body.insertRow();
      for (const text of [String(i + 1), set[u.image].title, set[u.image].label, u.score.toFixed(3), set[v.image].title, set[v.image].label, v.score.toFixed(3)]) tr.insertCell().textContent = text;
    });
    return scrollRegion(table, "Data table of the top images");
  }

  async function update(): Promise<void> {
    if (!layer || !unit) return;
    const mine = ++ticket;
    const id = modelSelect.value, name = layer.value, u = unit.value, s = seed.value;
    root.dataset.state = "busy";
    status.textContent = "Computing the layer's features over the image set…";
    try {
      const f = await featuresFor(id, name);
      const set = await setFor(id);
      if (mine !== ticket) return;
      const r = directions(f, {unit: Math.min(u, f.dim - 1), seed: s, k: K});
      const labels = set.map((q) => q.label);
      const uc = labelCoherence(rankedImages(r.unitTop), labels), rc = labelCoherence(rankedImages(r.randomTop), labels), chance = chanceCoherence(labels, K);
      rows.replaceChildren(
        row(`Unit ${r.unit} of ${name} (the natural basis vector e${r.unit})`, r.unitTop, set, `Unit ${r.unit}`),
        row(`Random direction ${s} of ${name} (unit length, ${f.dim} components)`, r.randomTop, set, `Random direction ${s}`));
      sentence.textContent = coherenceSentence(r.unit, uc, rc, chance, set.length);
      tableSlot.replaceChildren(table(r, set));
      const m = cache.models.find((q) => q.id === id)!;
      status.textContent = `${m.name}, ${name}: the ${K} of ${set.length} images with the largest projection (spatial mean of the layer, dot product with the direction; number = score).`;
      root.dataset.state = "done";
      const describe = (q: {image: number; score: number}) => ({image: set[q.image].title, label: set[q.image].label, score: q.score});
      reportResult(DIRECTIONS_WIDGET, {model: id, layer: name, unit: r.unit, seed: s, images: set.length,
        unitTop: r.unitTop.map(describe), randomTop: r.randomTop.map(describe),
        coherence: {unit: uc.share, random: rc.share, chance}});
    } catch (e) {
      if (mine !== ticket) return;
      status.textContent = `Could not rank the images: ${e instanceof Error ? e.message : String(e)}`;
      root.dataset.state = "error";
    }
  }

  modelSelect.addEventListener("input", () => void buildControls().then(() => update()));
  seed.addEventListener("input", () => void update());
  void buildControls().then(() => update());
  root.dispose = () => {
    ++ticket;
    features.clear();
    sets = {shapetex: [], photos: null};
  };
  return root;
}
