// A tiny ZooModel made of a random, seeded conv net, for tests that must not wait for the
// trained or mirrored networks. Fully convolutional up to a global average pool, so it also
// accepts images larger or smaller than its native 32 x 32. conv2 uses ReLU6 (as MobileNet
// does), so the redirected gradient has something to act on.
import * as tf from "@tensorflow/tfjs";
import type {LayerInfo, ZooModel} from "../../components/zoo/types.ts";

export function toyModel(seed = 1, size = 32): ZooModel {
  const init = (s: number) => tf.initializers.heNormal({seed: seed * 100 + s});
  const conv = (name: string, filters: number, activation: "relu" | "relu6", s: number, strides = 1) =>
    tf.layers.conv2d({name, filters, kernelSize: 3, strides, padding: "same", activation, kernelInitializer: init(s), biasInitializer: "zeros",
      ...(s === 1 ? {inputShape: [null, null, 3] as unknown as number[]} : {})});
  const layers: Array<[tf.layers.Layer, LayerInfo | null]> = [
    [conv("conv1", 8, "relu", 1), {name: "conv1", shape: [size, size, 8], kind: "conv"}],
    [tf.layers.maxPooling2d({name: "pool1", poolSize: 2}), {name: "pool1", shape: [size / 2, size / 2, 8], kind: "pool"}],
    [conv("conv2", 16, "relu6", 2), {name: "conv2", shape: [size / 2, size / 2, 16], kind: "conv"}],
    [conv("conv3", 16, "relu", 3, 2), {name: "conv3", shape: [size / 4, size / 4, 16], kind: "conv"}],
    [tf.layers.globalAveragePooling2d({name: "gap"}), null],
    [tf.layers.dense({name: "fc", units: 10, kernelInitializer: tf.initializers.glorotNormal({seed: seed * 100 + 4})}), null],
  ];
  const model = tf.sequential({layers: layers.map(([l]) => l)});

  const forward = (x: tf.Tensor4D, wanted: string[]): Map<string, tf.Tensor> => {
    const out = new Map<string, tf.Tensor>();
    let y: tf.Tensor = x.sub(0.5).mul(2); // preprocessing: [0, 1] -> [-1, 1]
    for (const [layer] of layers) {
      y = layer.apply(y) as tf.Tensor;
      if (wanted.includes(layer.name)) out.set(layer.name, y);
    }
    out.set("logits", y);
    return out;
  };
  return {
    id: "toy",
    name: "Toy random conv net",
    inputSize: [size, size],
    labels: Array.from({length: 10}, (_, i) => `class ${i}`),
    layers: layers.flatMap(([, info]) => (info ? [info] : [])),
    preprocess: (x) => tf.tidy(() => x.sub(0.5).mul(2) as tf.Tensor4D),
    activations: (x, names) => tf.tidy(() => {
      const acts = forward(x, names);
      return names.map((n) => {
        const a = acts.get(n);
        if (!a) throw new Error(`toy model has no layer "${n}"`);
        return a;
      });
    }),
    logits: (x) => tf.tidy(() => forward(x, []).get("logits") as tf.Tensor2D),
    probabilities: (x) => tf.tidy(() => tf.softmax(forward(x, []).get("logits") as tf.Tensor2D)),
    dispose: () => model.dispose(),
  };
}
