// What a data loader ships when something cannot be in this build (no mirror, no network, not
// trained): the reason goes to the build log (stderr), the site gets only the fact, in words a
// reader may see. Pages then say it once, in their own sentence (components/ui/build-note.ts);
// `npm run lab -- models --json` gives builders the reasons again.

/** The `missing` value of a loader's JSON (truthy, and safe to show). */
export const LEFT_OUT = "not in this copy of the site";

/** Logs `what: left out (reason)` to stderr and returns LEFT_OUT. */
export function leftOut(what: string, reason: unknown): typeof LEFT_OUT {
  process.stderr.write(`${what}: left out (${reason instanceof Error ? reason.message : String(reason)})\n`);
  return LEFT_OUT;
}
