// Spearman's rank correlation: Pearson's correlation of the ranks, ties sharing their average
// rank (the usual definition; Adebayo et al. 2018 compare saliency maps with it).

/** Ranks 1..n, ties given the mean of the ranks they span. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({length: n}, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const mean = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]] = mean;
    i = j + 1;
  }
  return r;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length < 2) throw new Error(`pearson: need two equal-length series of 2+ values (got ${a.length}, ${b.length})`);
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) (ma += a[i]), (mb += b[i]);
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  // a constant series has no ranking to agree with: report 0 rather than NaN
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b));
}
