// The Gram chapter's URL state and table summaries (components/gram/params.ts).
import {test} from "node:test";
import assert from "node:assert/strict";
import {layerSetCodec, logWeightCodec} from "../components/chapters/gram-and-style/codecs.ts";
import {formatWeight, imageSlug, lossStride, percent, pickByPattern, sampleLosses, topEntries, uniqueSlugs} from "../components/gram/params.ts";

test("image ids become short readable URL values", () => {
  assert.equal(imageSlug("skimage/brick.png"), "brick");
  assert.equal(imageSlug("geirhos-visualisation/cat7_original.png"), "cat7_original");
  assert.equal(imageSlug("shapetex:star:waves:300"), "shapetex-star-waves-300");
  assert.deepEqual(uniqueSlugs(["a/brick.png", "b/brick.jpg", "c/cat.png", "d/brick.png"]), ["brick", "brick-2", "cat", "brick-3"]);
});

test("pickByPattern takes the first match in list order, else the first item", () => {
  const items = [{id: "brick"}, {id: "chelsea"}, {id: "cat7_original"}];
  assert.equal(pickByPattern(items, /cat7|chelsea/)?.id, "chelsea");
  assert.equal(pickByPattern(items, /nothing/)?.id, "brick");
  assert.equal(pickByPattern([], /x/), undefined);
});

test("a layer set is stored as names, in the network's order, unknown names dropped", () => {
  const codec = layerSetCodec(["conv1_1", "conv2_1", "conv3_1"]);
  assert.equal(codec.encode(["conv1_1", "conv3_1"]), "conv1_1,conv3_1");
  assert.deepEqual(codec.decode("conv3_1,conv1_1"), ["conv1_1", "conv3_1"]);
  assert.deepEqual(codec.decode("conv2_1,conv_pw_3_relu"), ["conv2_1"]);
  assert.equal(codec.decode("conv_pw_3_relu"), null, "nothing known: fall back to the default");
  assert.equal(codec.decode(""), null);
});

test("a log-scale weight is written as the weight and read back as a snapped slider position", () => {
  const codec = logWeightCodec(0.1, 1000, 0.25);
  assert.equal(codec.encode(1), "10");
  assert.equal(codec.encode(1.25), "18");
  assert.equal(codec.decode("10"), 1);
  assert.equal(codec.decode("18"), 1.25, "the rounded weight snaps back to its position");
  assert.equal(codec.decode("1e9"), 3, "clamped to the slider's end");
  assert.equal(codec.decode("0.00001"), -1);
  for (const bad of ["", "abc", "-1", "0"]) assert.equal(codec.decode(bad), null, bad);
  assert.equal(formatWeight(0.0562341), "0.056");
});

test("topEntries lists each pair once, largest first", () => {
  // [[4, 1, 0], [1, 5, 3], [0, 3, 2]]
  const m = [4, 1, 0, 1, 5, 3, 0, 3, 2];
  assert.deepEqual(topEntries(m, 3, 3), [{i: 1, j: 1, value: 5}, {i: 0, j: 0, value: 4}, {i: 1, j: 2, value: 3}]);
  assert.equal(topEntries(m, 3, 99).length, 6);
});

test("a loss table keeps step 1, every stride-th step and the last", () => {
  assert.equal(lossStride(20), 1);
  assert.equal(lossStride(100), 4);
  const losses = Array.from({length: 10}, (_, i) => 10 - i);
  assert.deepEqual(sampleLosses(losses, 4), [[1, 10], [5, 6], [9, 2], [10, 1]]);
  assert.equal(sampleLosses(losses).length, 10);
  assert.deepEqual(sampleLosses([]), []);
  assert.equal(percent(0.46512), 46.5);
});
