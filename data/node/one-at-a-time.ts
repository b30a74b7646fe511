// Calls of an async function made all at once but run one after another, in call order: what
// a job runs on this thread when the same code hands its jobs to a worker pool elsewhere
// (each job holds its working tensors until it ends). After a failure the rest are refused.
export function oneAtATime<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let previous: Promise<unknown> = Promise.resolve(), failed: unknown = null;
  return (...args) => {
    const next = previous.then(() => {
      if (failed) throw failed;
      return fn(...args);
    });
    previous = next.catch((e) => { failed ??= e; });
    return next;
  };
}
