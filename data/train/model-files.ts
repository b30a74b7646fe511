// tfjs's layers-model file format on disk, without tfjs-node: model.json plus one weights
// file, written through a save handler and read back through a load handler.
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

export const WEIGHTS_FILE = "weights.bin";

/** Write model.json + weights.bin into `dir`; returns the weights' byte count. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<number> {
  fs.mkdirSync(dir, {recursive: true});
  let bytes = 0;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = artifacts.weightData == null ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    bytes = weights.byteLength;
    const modelJson = {
      format: "layers-model",
      generatedBy: artifacts.generatedBy,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? []}],
    };
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(modelJson));
    fs.writeFileSync(path.join(dir, WEIGHTS_FILE), new Uint8Array(weights));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: bytes}};
  }));
  return bytes;
}

/** A load handler for a model.json (and its weight files) on the local disk. */
export function fileHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(modelJsonPath, "utf8")) as tf.io.ModelJSON;
      const dir = path.dirname(modelJsonPath);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const b = fs.readFileSync(path.join(dir, p));
          buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
        }
      }
      return {modelTopology: json.modelTopology, weightSpecs: specs, weightData: tf.io.CompositeArrayBuffer.join(buffers), format: json.format, generatedBy: json.generatedBy};
    },
  };
}
