// `lab gram`: the Gram matrix of one layer for one image, and (with --shuffle) how much the
// features and the Gram matrix change when the image's patches are shuffled.
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {required, type Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {checkLayerNames, integer, loadImageTensor} from "./gram-io.ts";
import {gramMatrix, summarizeGram} from "../../components/gram/gram.ts";
import {shuffleComparison} from "../../components/gram/position.ts";

export const options = defineOptions({
  model: opt.text("a zoo id, or a model.json / .tflite path or URL", {required: true, value: "ID"}),
  layer: opt.text("the layer whose Gram matrix is computed", {required: true, value: "NAME"}),
  image: opt.text("a PNG/JPEG/BMP path, an asset id (skimage/brick.png) or shapetex:SHAPE:TEXTURE[:SEED]", {required: true, value: "FILE"}),
  size: opt.integer("the image is centre-cropped and resized to PX (default: the model's input size)", {min: 8, max: 1024, value: "PX"}),
  shuffle: opt.integer("also compare with the image's PATCH x PATCH tiles shuffled (at most --size)", {min: 1, max: 1024, value: "PATCH"}),
  seed: opt.integer("seed of the shuffle", {default: 0, min: 0}),
  full: opt.flag("also print the whole matrix"),
});

export const description = `The Gram matrix of one layer for one image.
Prints {model, layer, image, size, features: [h, w, c], shape: [c, c], trace, mean_diagonal,
mean_off_diagonal, min, max}; --full adds matrix (c rows of c numbers); --shuffle PATCH adds
shuffle: {patch, feature_distance, gram_distance} (relative Frobenius distances after
shuffling PATCH x PATCH tiles).`;

export const usage = usageText("gram", options, description);

export async function run(args: Args): Promise<object> {
  const id = required(args, "model"), layer = required(args, "layer"), image = required(args, "image");
  const tf = await initTf();
  const model = await loadModel(id);
  try {
    checkLayerNames(model, [layer]);
    const size = integer(args, "size", model.inputSize[0], 8, 1024);
    const x = await loadImageTensor(image, size);
    try {
      const [features, gram] = tf.tidy(() => {
        const [a] = model.activations(x, [layer]);
        return [a, gramMatrix(a)];
      });
      const s = await summarizeGram(gram);
      const result: Record<string, unknown> = {
        model: id, layer, image, size, features: features.shape.slice(1), shape: [s.channels, s.channels],
        trace: s.trace, mean_diagonal: s.meanDiagonal, mean_off_diagonal: s.meanOffDiagonal, min: s.min, max: s.max,
      };
      if (args.flags.has("full")) result.matrix = gram.arraySync()[0 as number];
      tf.dispose([features, gram]);
      if (args.options.has("shuffle")) {
        const patch = integer(args, "shuffle", 32, 1, size);
        const c = await shuffleComparison(model, x, layer, {patch, seed: integer(args, "seed", 0, 0)});
        c.shuffled.dispose();
        result.shuffle = {patch, feature_distance: c.featureDistance, gram_distance: c.gramDistance};
      }
      return result;
    } finally {
      x.dispose();
    }
  } finally {
    model.dispose();
  }
}
