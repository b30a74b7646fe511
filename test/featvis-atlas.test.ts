// The feature-visualization chapter's plain data: atlases without renders, the strongest
// channels, the sentences that serve as text alternatives, and how a URL value finds its item
// in a slider's list (the `layer` and `channel` parameters).
import {test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {atlasFromLayers, defaultLayerIndex, hasRenders, labCommand, layerIndex, liveRenderDescription, strongestChannels, strongestSentence, tileDescription, type RenderAtlas} from "../components/featvis/atlas.ts";
import {indexOfItem} from "../components/ui/list-slider.ts";
import {PAPER_RENDER_LAYERS} from "../data/precompute/feature-layers.ts";

test("a network without renders is browsed by its feature-map layers, every channel", () => {
  const atlas = atlasFromLayers("net", [
    {name: "conv1", shape: [32, 32, 4]},
    {name: "flatten", shape: [256]},
    {name: "conv2", shape: [16, 16, 3]},
  ]);
  assert.deepEqual(atlas.layers.map((l) => l.layer), ["conv1", "conv2"]);
  assert.deepEqual(atlas.layers[1].channels, [0, 1, 2]);
  assert.equal(hasRenders(atlas.layers[0]), false);
  assert.equal(layerIndex(atlas, "conv2"), 1);
  assert.equal(layerIndex(atlas, "flatten"), -1);
  assert.equal(defaultLayerIndex(atlas), 1);
  assert.equal(defaultLayerIndex(atlasFromLayers("one", [{name: "c", shape: [2, 2, 1]}])), 0);
});

test("the strongest channels come first, ties broken by channel number", () => {
  assert.deepEqual(strongestChannels([0.5, 2, 0, 2, 1], 3), [{channel: 1, mean: 2}, {channel: 3, mean: 2}, {channel: 4, mean: 1}]);
  assert.deepEqual(strongestChannels([], 3), []);
  assert.equal(strongestSentence("a cat", "conv2_1", [{channel: 5, mean: 3.21}, {channel: 2, mean: 1}]),
    "On a cat, the strongest channels of conv2_1 are 5 (3.210), 2 (1.000).");
});

test("text alternatives say which channel, which layer, how far the render got and what it reached", () => {
  const sheet = {model: "shapetex", layer: "conv2_1", channels: [0, 1, 2], tile: 32, columns: 3, png: "data:", objective: [1, 3.25, 2]};
  assert.equal(tileDescription("ShapeTex CNN", sheet, 1), "Image that maximises channel 1 of ShapeTex CNN layer conv2_1 (mean activation 3.25)");
  assert.equal(liveRenderDescription({modelName: "ShapeTex CNN", layer: "conv2_1", channel: 5, steps: 128, objectiveAfter: 3.2, cancelled: false}),
    "Live render of channel 5 of conv2_1 (ShapeTex CNN), after 128 steps: mean activation 3.20");
  assert.match(liveRenderDescription({modelName: "m", layer: "l", channel: 0, steps: 40, objectiveAfter: 1, cancelled: true}), /cancelled after 40 steps/);
  assert.equal(labCommand("shapetex", "conv1_2", 3), "npm run --silent lab -- featvis --model shapetex --layer conv1_2 --channel 3 --out render.png --json");
});

test("a URL value finds its item: names exactly, numbers exactly or the nearest (clamped)", () => {
  const layers = ["conv1_1", "conv1_2", "conv2_1"];
  assert.equal(indexOfItem(layers, "conv2_1"), 2);
  assert.equal(indexOfItem(layers, "conv9"), -1);
  assert.equal(indexOfItem(layers, "1"), -1, "a layer is named, not numbered");
  const channels = [0, 1, 2, 3, 4, 5, 6, 7];
  assert.equal(indexOfItem(channels, "5"), 5);
  assert.equal(indexOfItem(channels, "40"), 7, "beyond the layer: its last channel");
  assert.equal(indexOfItem(channels, "-3"), 0);
  assert.equal(indexOfItem(channels, "2.6"), 3);
  assert.equal(indexOfItem(channels, "five"), -1);
  assert.equal(indexOfItem(channels, ""), -1);
  assert.equal(indexOfItem([], "1"), -1);
});

test("precomputed atlases hold channels 0..k-1 of each layer (what `channel=` in a link refers to)", () => {
  for (const id of ["shapetex", "shapetex-blurpool", "mobilenet-v1-0.25", "tiny-darknet", "googlenet", "resnet-50"]) {
    const atlas = JSON.parse(readFileSync(`data/precomputed/renders-${id}.json`, "utf8")) as RenderAtlas;
    for (const sheet of atlas.layers) {
      assert.deepEqual(sheet.channels, sheet.channels.map((_, i) => i), `${id} ${sheet.layer}`);
      assert.equal(sheet.objective.length, sheet.channels.length, `${id} ${sheet.layer}: one objective per render`);
      assert.ok(hasRenders(sheet), `${id} ${sheet.layer} has its sheet`);
    }
  }
});

test("the papers' atlases cover every planned layer (rendered breadth first) as JPEG sheets, and say how much of the plan they hold", () => {
  for (const [id, plan] of Object.entries(PAPER_RENDER_LAYERS)) {
    const atlas = JSON.parse(readFileSync(`data/precomputed/renders-${id}.json`, "utf8")) as RenderAtlas & {coverage: string};
    assert.deepEqual(atlas.layers.map((l) => l.layer), plan.layers, `${id}: every planned layer, in order`);
    const n = atlas.layers.reduce((s, l) => s + l.channels.length, 0);
    assert.equal(atlas.coverage, `${n} of ${plan.layers.length * plan.channels} planned channels`);
    for (const sheet of atlas.layers) {
      assert.ok(sheet.channels.length <= plan.channels, `${id} ${sheet.layer}: at most the planned channels`);
      assert.match(sheet.png!, /^data:image\/jpeg;base64,/, `${id} ${sheet.layer} is a JPEG sheet (the size budget)`);
      assert.equal(sheet.tile, 128);
    }
  }
});

test("the other ImageNet networks' atlases are JPEG sheets too; our own networks' stay PNG (exact pixels)", () => {
  const format = (id: string) => new Set((JSON.parse(readFileSync(`data/precomputed/renders-${id}.json`, "utf8")) as RenderAtlas).layers.map((l) => /^data:image\/(\w+);/.exec(l.png ?? "")?.[1]));
  for (const id of ["mobilenet-v1-0.25", "tiny-darknet"]) assert.deepEqual([...format(id)], ["jpeg"], id);
  for (const id of ["shapetex", "shapetex-blurpool"]) assert.deepEqual([...format(id)], ["png"], id);
});
