// A one-line progress bar on stderr (epoch, batch, loss, acc, ETA). On a TTY it redraws in
// place; in a log file it writes a line every `every` batches so `tail -f` stays readable.
export interface ProgressState {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  acc: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

const formatTime = (s: number) => {
  const m = Math.floor(s / 60), r = Math.round(s % 60);
  return `${m}m${String(r).padStart(2, "0")}s`;
};

export function formatProgress(p: ProgressState, width = 20): string {
  const done = ((p.epoch - 1) * p.batches + p.batch) / (p.epochs * p.batches);
  const bar = "#".repeat(Math.round(done * width)).padEnd(width, ".");
  return `[${bar}] epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} acc ${(100 * p.acc).toFixed(1)}% ${p.imagesPerSecond.toFixed(0)} img/s ETA ${formatTime(p.etaSeconds)}`;
}

export function makeProgress(every = 20): (p: ProgressState) => void {
  const tty = process.stderr.isTTY;
  return (p) => {
    if (tty) process.stderr.write(`\r${formatProgress(p)}\x1b[K`);
    else if (p.batch % every === 0 || p.batch === p.batches) process.stderr.write(formatProgress(p) + "\n");
  };
}

export function endProgressLine(): void {
  if (process.stderr.isTTY) process.stderr.write("\n");
}
