// Shift chapter speed: one image's sweep over 33 shifts (0..32 px) on MobileNet v1 0.25, one
// batched forward pass, in Node (wasm) and in headless Chromium on the built page (wasm, WebGPU and
// WebGL through SwiftShader). Browser numbers need dist/ (npm run build) and the mirror.
import {existsSync} from "node:fs";
import path from "node:path";
import {initTf} from "../node/tf.ts";
import {loadModel} from "../node/zoo.ts";
import {readImage} from "../node/image-io.ts";
import {resolveAsset} from "../assets/resolve.ts";
import {fromRgba} from "../../components/shift/image.ts";
import {shiftSource} from "../../components/shift/protocols.ts";
import {sweepShifts} from "../../components/shift/sweep.ts";
import {geometryFor} from "../precompute/shift-sweeps.ts";
import {withSiteBrowser} from "./browser.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function nodeSweep(): Promise<Record<string, number>> {
  await initTf();
  const model = await loadModel("mobilenet-v1-0.25");
  try {
    const img = readImage(await resolveAsset("skimage/chelsea.png"));
    const out: Record<string, number> = {};
    for (const protocol of ["black", "inpaint", "crop"] as const) {
      let t = performance.now();
      const source = shiftSource(fromRgba(img.data, img.width, img.height), protocol, geometryFor(model, 32, "diagonal"));
      out[`shift_source_ms.${protocol}`] = Math.round(performance.now() - t);
      await sweepShifts(model, source); // warm-up
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        t = performance.now();
        await sweepShifts(model, source);
        times.push(performance.now() - t);
      }
      out[`sweep33_mobilenet_ms.node_wasm.${protocol}`] = Math.round(median(times));
    }
    return out;
  } finally {
    model.dispose();
  }
}

async function browserSweep(): Promise<Record<string, number>> {
  if (!existsSync(path.resolve("dist/shifts.html"))) return {};
  return withSiteBrowser(async (context, origin) => {
    const out: Record<string, number> = {};
    for (const backend of ["wasm", "webgl", "webgpu"]) {
      const page = await context.newPage();
      await page.goto(`${origin}/shifts?backend=${backend}`);
      await page.waitForSelector("#shift-lab[data-state=done]", {timeout: 300_000});
      const times: number[] = [];
      // re-sweep with the model warm: switch protocol, wait, read the lab's own timing
      for (const [protocol, words] of [["crop", "crop windows"], ["black", "black canvas"], ["inpaint", "inpainted"]]) {
        await page.selectOption("#shift-lab select >> nth=1", protocol);
        await page.waitForFunction((w) => document.querySelector("#shift-lab")?.getAttribute("data-state") === "done" && (document.querySelector("#shift-lab .cnn-shift-status")?.textContent ?? "").includes(w), words, {timeout: 300_000});
        times.push(Number(await page.evaluate(() => (document.querySelector("#shift-lab") as HTMLElement).dataset["sweepMs_mobilenet_v1_0_25"])));
      }
      out[`sweep33_mobilenet_ms.chromium_${backend}`] = median(times);
      await page.close();
    }
    return out;
  });
}

export async function benchShifts(): Promise<Record<string, number>> {
  return {...(await nodeSweep()), ...(await browserSweep())};
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchShifts(), null, 2));
