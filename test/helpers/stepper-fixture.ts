// The tiny ShapeTex network and batches that the gradient-stepper tests step through
// (test/data-parallel.test.ts, test/worker-stepper.test.ts): small enough for many runs,
// seeded so two steppers can be compared bit for bit.
import {makeShapeTexBatch, SHAPES} from "../../components/datasets/shapetex.ts";
import type {ShapeTexNetOptions} from "../../components/models/shapetex-net.ts";

export const SIZE = 16, BATCH = 8, STEPS = 3, LR = 0.01;

/** A 4-8-8 ShapeTex net with seed `netSeed`, and STEPS preprocessed batches drawn from `batchSeed` on. */
export function stepperFixture(netSeed: number, batchSeed: number): {net: ShapeTexNetOptions & {variant: "plain"}; batches: Array<{images: Float32Array; labels: Int32Array}>} {
  const net = {variant: "plain" as const, classes: SHAPES.length, seed: netSeed, widths: [4, 8, 8] as [number, number, number]};
  const batches = Array.from({length: STEPS}, (_, i) => {
    const b = makeShapeTexBatch(batchSeed + i, BATCH, {size: SIZE});
    return {images: b.images.map((v) => 2 * v - 1), labels: b.shapes};
  });
  return {net, batches};
}
