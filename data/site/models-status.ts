// Why a model is not available, in words a reader can act on, without the builder's paths.
import path from "node:path";
import {listModels} from "../node/zoo.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Make absolute paths under the repository relative, so site text does not leak the build machine. */
export function tidyReason(reason: string): string {
  return reason.split(ROOT + path.sep).join("").split(ROOT).join(".");
}

/** The registry's own reason when it knows one (not trained, not in the mirror), else the error. */
export async function unavailableReason(id: string, error: unknown): Promise<string> {
  const status = (await listModels()).find((m) => m.id === id);
  const reason = status && !status.available && status.reason ? status.reason : error instanceof Error ? error.message : String(error);
  return tidyReason(reason);
}
