// The ImageNet network a figure opens with: its usual one, else GoogLeNet, else ResNet-50.
import {test} from "node:test";
import assert from "node:assert/strict";
import {defaultImageNetModel, defaultImageNetModelOf, PREFERRED_IMAGENET} from "../components/zoo/defaults.ts";

test("the figure's usual network when the build has it, else GoogLeNet, else ResNet-50", () => {
  assert.deepEqual([...PREFERRED_IMAGENET], ["googlenet", "resnet-50"]);
  // the mirror: everything, so the figure keeps its usual network
  assert.equal(defaultImageNetModel(["shapetex", "mobilenet-v1-0.25", "resnet-50", "googlenet"], "mobilenet-v1-0.25"), "mobilenet-v1-0.25");
  // registry access, no mirror: ResNet-50 came from npm, GoogLeNet and the MobileNets did not
  assert.equal(defaultImageNetModel(["shapetex", "shapetex-blurpool", "resnet-50"], "mobilenet-v1-0.25"), "resnet-50");
  // no usual network: the papers' networks decide
  assert.equal(defaultImageNetModel(["shapetex", "resnet-50", "googlenet"]), "googlenet");
  assert.equal(defaultImageNetModel(new Set(["googlenet"]), "tiny-darknet"), "googlenet");
  // no ImageNet network at all: undefined, and the figure opens on its first choice
  assert.equal(defaultImageNetModel(["shapetex", "shapetex-blurpool"], "mobilenet-v1-0.25"), undefined);
  assert.equal(defaultImageNetModel([], "mobilenet-v1-0.25"), undefined);
});

test("from models.json entries only the available ones count", () => {
  const models = [
    {id: "shapetex", available: true},
    {id: "mobilenet-v1-0.25", available: false},
    {id: "googlenet", available: false},
    {id: "resnet-50", available: true},
  ];
  assert.equal(defaultImageNetModelOf(models, "mobilenet-v1-0.25"), "resnet-50");
  assert.equal(defaultImageNetModelOf(models.map((m) => ({...m, available: true})), "mobilenet-v1-0.25"), "mobilenet-v1-0.25");
  assert.equal(defaultImageNetModelOf(models.map((m) => ({...m, available: m.id === "shapetex"})), "mobilenet-v1-0.25"), undefined);
});
