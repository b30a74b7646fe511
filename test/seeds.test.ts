// tfjs treats seed 0 as "no seed"; our parameterizations must be reproducible for every seed.
import {test} from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {fourierImage, pixelImage} from "../components/featvis/param.ts";
import {tfSeed} from "../components/random.ts";

test("seed 0 is as reproducible as any other seed", () => {
  for (const make of [(seed: number) => fourierImage({size: 16, seed}), (seed: number) => pixelImage({size: 16, seed})]) {
    for (const seed of [0, 1]) {
      const [a, b] = [make(seed), make(seed)];
      const diff = tf.tidy(() => a.image().sub(b.image()).abs().max().dataSync()[0]);
      a.dispose();
      b.dispose();
      assert.equal(diff, 0, `seed ${seed}: two images from the same seed differ by ${diff}`);
    }
  }
  assert.notEqual(tfSeed(0), 0);
  assert.equal(tfSeed(42), 42);
});
