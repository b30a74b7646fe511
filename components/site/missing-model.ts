// What a model loader writes when it cannot produce a model (no mirror, no network, not
// trained yet): a tiny file that says so, so the site still builds with the embedded models
// only and each page can say which networks were left out and why.
//   "MISS" | JSON {id, reason} (UTF-8)
const MAGIC = "MISS";

export interface MissingModel {
  id: string;
  reason: string;
}

export function packMissingModel(id: string, reason: string): Uint8Array {
  const body = new TextEncoder().encode(MAGIC + JSON.stringify({id, reason}));
  return body;
}

/** The marker's contents, or null when the bytes are something else (a packed model). */
export function readMissingModel(bytes: ArrayBuffer | Uint8Array): MissingModel | null {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.length < 4 || new TextDecoder().decode(u8.subarray(0, 4)) !== MAGIC) return null;
  return JSON.parse(new TextDecoder().decode(u8.subarray(4))) as MissingModel;
}
