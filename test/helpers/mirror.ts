// The asset mirror for tests: ASSET_MIRROR, else ../shared/assets. Under CI=true a missing
// mirror is an error (tests must fail, never skip); locally the tests that need it skip with
// the reason. Importing this module also points the resolver at the mirror.
import fs from "node:fs";
import path from "node:path";

export const MIRROR = process.env.ASSET_MIRROR ?? path.resolve("../shared/assets");
export const HAVE_MIRROR = fs.existsSync(path.join(MIRROR, "SHA256SUMS"));
if (!HAVE_MIRROR && process.env.CI === "true") throw new Error(`asset mirror missing at ${MIRROR} (set ASSET_MIRROR); CI needs it`);
/** `skip` option for node:test: false when the mirror is here, else the reason. */
export const needsMirror: false | string = HAVE_MIRROR ? false : `asset mirror not found at ${MIRROR} (set ASSET_MIRROR to run these tests)`;
process.env.ASSET_MIRROR = MIRROR;

/**
 * In a test: true when the mirror holds `inside` (a path in it; default: the mirror itself);
 * otherwise the test is skipped with the reason locally, and fails under CI=true.
 */
export function requireMirror(t: {skip(message: string): void}, inside = "SHA256SUMS"): boolean {
  const p = path.join(MIRROR, inside);
  if (fs.existsSync(p)) return true;
  if (process.env.CI === "true") throw new Error(`asset mirror missing: ${p} (set ASSET_MIRROR)`);
  t.skip(`asset mirror not found: ${p} (set ASSET_MIRROR to run this test)`);
  return false;
}
