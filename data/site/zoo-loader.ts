// The body of every src/data/zoo/<id>.bin.ts loader: the packed model on stdout, or, when
// the model cannot be had here, the "missing" marker (a failing loader would fail the build,
// and the site must build with only the embedded networks).
import {packModelById} from "../node/zoo.ts";
import {packMissingModel} from "../../components/site/missing-model.ts";
import {unavailableReason} from "./models-status.ts";
import {LEFT_OUT} from "./left-out.ts";

export async function writePackedModel(id: string, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await packModelById(id);
    console.error(`zoo ${id}: packed ${(bytes.byteLength / 1e6).toFixed(2)} MB`);
  } catch (e) {
    const reason = await unavailableReason(id, e);
    console.error(`zoo ${id}: left out (${reason})`);
    bytes = packMissingModel(id, LEFT_OUT); // the reason stays in the build log
  }
  await new Promise<void>((resolve, reject) => out.write(bytes, (err) => (err ? reject(err) : resolve())));
}
