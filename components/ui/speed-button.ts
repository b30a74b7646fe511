// "How fast is one forward pass?", measured in the reader's own browser when asked. A speed
// measured at build time would make every build different (see docs/assets.md, reproducible
// builds) and describe the build machine, not the reader's.
import * as tf from "@tensorflow/tfjs";
import type {ZooModel} from "../zoo/types.ts";

/** Median of `runs` forward passes of one random image after one warm-up pass, in ms. */
export async function forwardMs(model: ZooModel, runs = 3): Promise<number> {
  const x = tf.tidy(() => tf.randomUniform([1, ...model.inputSize, 3], 0, 1, "float32", 1) as tf.Tensor4D);
  try {
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const p = model.probabilities(x);
      await p.data();
      p.dispose();
      if (i > 0) times.push(performance.now() - t0); // the first pass compiles and warms up
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    x.dispose();
  }
}

/** A button that loads the network (through `load`, kept by the caller) and times it here. */
export function speedButton(load: () => Promise<ZooModel>, {name}: {name: string}): HTMLElement {
  const root = document.createElement("span");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Time it in this browser";
  button.setAttribute("aria-label", `Time it in this browser: one forward pass of ${name}`); // starts with the visible text (WCAG 2.5.3)
  const out = document.createElement("span");
  out.setAttribute("aria-live", "polite");
  button.addEventListener("click", async () => {
    button.disabled = true;
    out.textContent = " measuring…";
    try {
      const ms = await forwardMs(await load());
      out.textContent = ` ${ms.toFixed(0)} ms per image (median of 3, batch 1, ${tf.getBackend()} backend)`;
    } catch (e) {
      out.textContent = ` could not time it: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      button.disabled = false;
    }
  });
  root.append(button, out);
  return root;
}
