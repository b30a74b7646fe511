// `lab tflite-check --model ID`: our TFLite reader against Google's TFLite runtime (wasm).
import type {Args} from "./args.ts";
import {defineOptions, opt, usageText} from "./options.ts";
import {initTf} from "../node/tf.ts";
import {REFERENCE_PHOTOS, referenceCheck} from "../tflite/reference-check.ts";
import {REGISTRY} from "../../components/zoo/registry.ts";

export const options = defineOptions({
  model: opt.text(`a TFLite zoo model (${REGISTRY.filter((e) => e.format === "tflite").map((e) => e.id).join(", ")}); default all of them`, {value: "ID"}),
  images: opt.text(`comma-separated photos (default: the mirror's ${REFERENCE_PHOTOS.length} photos)`, {value: "a.png,b.jpg"}),
});

export const description = `Our TFLite reader against Google's TFLite runtime (wasm).
Runs each photo through our dequantized float model and through the TFLite runtime on the
quantized file. Prints {checks: [{model, file, agreement (share of photos with the same top-1),
maxProbabilityDifference, photos: [{photo, top1, referenceTop1, sameTop1, probability,
referenceProbability, maxProbabilityDifference, msOurs, msReference}]}]}.`;

export const usage = usageText("tflite-check", options, description);

export async function run(args: Args) {
  await initTf();
  const ids = args.options.has("model") ? [args.options.get("model")!] : REGISTRY.filter((e) => e.format === "tflite").map((e) => e.id);
  const photos = args.options.get("images")?.split(",") ?? REFERENCE_PHOTOS;
  const checks = [];
  for (const id of ids) checks.push(await referenceCheck(id, photos));
  return {checks};
}
