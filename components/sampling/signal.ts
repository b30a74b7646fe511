// Test signals for the 1-D sampling demo: periodic (circular) arrays, so a shift is a rotation
// and the discrete Fourier transform describes them exactly.
import {makeRng} from "../random.ts";

export type SignalKind = "smooth" | "edges" | "high" | "noise";

export const SIGNAL_KINDS: ReadonlyArray<{value: SignalKind; text: string}> = [
  {value: "smooth", text: "smooth: low frequencies only (below the new Nyquist rate)"},
  {value: "edges", text: "edges: a square pulse (all frequencies)"},
  {value: "high", text: "high: a fast cosine (above the new Nyquist rate)"},
  {value: "noise", text: "noise: seeded white noise"},
];

/**
 * A length-n signal (n = 48 divides by 2, 3 and 4). "smooth" holds DFT bins 1 and 3 only, under
 * the Nyquist bin n/(2s) of any factor s <= 4 when n >= 48; "high" is one cosine at bin
 * round(0.4 n), above it for every s >= 2.
 */
export function makeSignal(kind: SignalKind, n = 48, seed = 1): Float64Array {
  const x = new Float64Array(n);
  const w = (k: number) => (2 * Math.PI * k) / n;
  // pulse width prime to 2 and 3: an even width would hide the aliasing at s = 2 (X(π) = 0)
  let width = Math.max(1, Math.floor(n / 6));
  while (width > 1 && (width % 2 === 0 || width % 3 === 0)) width--;
  for (let t = 0; t < n; t++) {
    if (kind === "smooth") x[t] = 1 + 0.6 * Math.cos(w(1) * t + 0.3) + 0.4 * Math.cos(w(3) * t - 1.1);
    else if (kind === "edges") x[t] = t >= n / 4 && t < n / 4 + width ? 1 : 0;
    else if (kind === "high") x[t] = 0.5 + 0.5 * Math.cos(w(Math.round(0.4 * n)) * t);
  }
  if (kind === "noise") {
    const rng = makeRng(seed);
    for (let t = 0; t < n; t++) x[t] = rng.next();
  }
  return x;
}
