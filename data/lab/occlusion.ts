// `lab occlusion`: the occlusion-sensitivity maps of Zeiler & Fergus's Fig. 7.
import {initTf} from "../node/tf.ts";
import {required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {integerOption, loadImage, openModel} from "./backward-io.ts";
import {occlusionMap} from "../../components/backward/occlusion.ts";

export const options = defineOptions({
  model: opt.text("a zoo id, or a model.json / .tflite path", {required: true, value: "ID"}),
  image: opt.text("an image path or an asset id (e.g. skimage/chelsea.png)", {required: true, value: "FILE"}),
  size: opt.integer("side of the grey square (default: a quarter of the input side)", {min: 1, max: 4096, value: "PX"}),
  stride: opt.integer("step between squares (default: half the size)", {min: 1, max: 4096, value: "PX"}),
  class: opt.integer("the class whose probability is mapped (default: the top-1)", {min: 0, value: "N"}),
  layer: opt.text("the layer whose strongest channel is mapped (default: the deepest layer with a spatial map)", {value: "L"}),
  fill: opt.number("grey level of the square, 0 black to 1 white", {default: 0.5, min: 0, max: 1}),
});

export const description = `Slides a grey square over the image (Zeiler & Fergus 2014, Fig. 7).
Prints {model, image, class: {index, label}, layer, channel,
rows, cols, size, stride, ys, xs, intact: {probability, activation}, probability: [rows][cols],
activation: [rows][cols], minimum: {probability, row, col, y, x}, activationMinimum: {...}, seconds}.`;

export const usage = usageText("occlusion", options, description);

export async function run(args: Args) {
  const tf = await initTf();
  const id = required(args, "model"), image = required(args, "image");
  const {zoo} = await openModel(id);
  const size = integerOption(args, "size", Math.round(zoo.inputSize[0] / 4), 1);
  const stride = integerOption(args, "stride", Math.max(1, Math.round(size / 2)), 1);
  const fill = Number(args.options.get("fill") ?? 0.5);
  if (!(fill >= 0 && fill <= 1)) throw new Error(`--fill must be in [0, 1]`);
  const x = await loadImage(image, zoo);
  try {
    const t0 = performance.now();
    const m = await occlusionMap(zoo, x, {
      size, stride, fill,
      classIndex: args.options.has("class") ? integerOption(args, "class", 0, 0) : undefined,
      layer: args.options.get("layer"),
    });
    const grid = (v: Float32Array) => Array.from({length: m.rows}, (_, r) => Array.from(v.subarray(r * m.cols, (r + 1) * m.cols)));
    return {
      model: id, image, class: {index: m.classIndex, label: zoo.labels[m.classIndex]}, layer: m.layer, channel: m.channel,
      rows: m.rows, cols: m.cols, size: m.size, stride: m.stride, ys: m.ys, xs: m.xs, intact: m.intact,
      probability: grid(m.probability), activation: grid(m.activation), minimum: m.minimum, activationMinimum: m.activationMinimum,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    tf.dispose(x);
    zoo.dispose();
  }
}
