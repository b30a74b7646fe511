import {test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {sweepSetFacts} from "../components/shift/facts.ts";

const committed = (id: string) => JSON.parse(readFileSync(new URL(`../data/precomputed/shifts-${id}.json`, import.meta.url), "utf8"));

test("the committed sweeps: 48 ShapeTex images to 16 px, 12 photos to 32 px, an example interval", () => {
  const f = sweepSetFacts([committed("shapetex"), committed("shapetex-blurpool"), committed("mobilenet-v1-0.25"), committed("tiny-darknet")]);
  assert.deepEqual(f.shapetex, {images: 48, maxShift: 16});
  assert.deepEqual(f.photos, {images: 12, maxShift: 32});
  // mobilenet-v1-0.25, black canvas: jagged_fraction 1/3 of 12 images = 4; Wilson 95% [13.8%, 60.9%]
  assert.equal(f.example, "MobileNet v1 0.25, black canvas: 33% (95% CI 14–61%, n = 12)");
});

test("records left out are skipped; disagreeing image sets are an error, not a silent pick", () => {
  assert.deepEqual(sweepSetFacts([{model: "shapetex", missing: "no mirror"}]), {shapetex: undefined, photos: undefined, example: undefined});
  const rec = (model: string, images: number) => ({model, protocols: {black: {max_shift: 32, metrics: {images, jagged_fraction: 0}}}});
  assert.throws(() => sweepSetFacts([rec("a", 12), rec("b", 11)]), /disagree/);
});

test("the metrics table's jagged cell gives the count and its Wilson interval", async () => {
  const {jaggedCell} = await import("../components/chapters/shifts/metrics-table.ts");
  assert.equal(jaggedCell({jagged_fraction: 1 / 3, images: 12, jagged_k: 5}), "33.3% (4 of 12; 95% CI 14–61%) top-5");
  assert.equal(jaggedCell({jagged_fraction: 0, images: 48, jagged_k: 2}), "0.0% (0 of 48; 95% CI 0–7%) top-2");
});
