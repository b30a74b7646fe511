// The default ImageNet network of a figure: GoogLeNet, else ResNet-50, else the chapter's own.
import {test} from "node:test";
import assert from "node:assert/strict";
import {defaultImageNetModel, defaultImageNetModelOf, PREFERRED_IMAGENET} from "../components/zoo/defaults.ts";

test("GoogLeNet first, then ResNet-50, then the chapter's previous default", () => {
  assert.deepEqual([...PREFERRED_IMAGENET], ["googlenet", "resnet-50"]);
  // the mirror: everything
  assert.equal(defaultImageNetModel(["shapetex", "mobilenet-v1-0.25", "resnet-50", "googlenet"], "mobilenet-v1-0.25"), "googlenet");
  // registry access, no mirror: ResNet-50 came from npm, GoogLeNet did not
  assert.equal(defaultImageNetModel(["shapetex", "shapetex-blurpool", "resnet-50"], "mobilenet-v1-0.25"), "resnet-50");
  // neither: the old default, even when it is not in this build either
  assert.equal(defaultImageNetModel(["shapetex", "mobilenet-v1-0.25"], "mobilenet-v1-0.25"), "mobilenet-v1-0.25");
  assert.equal(defaultImageNetModel([], "mobilenet-v1-0.25"), "mobilenet-v1-0.25");
  assert.equal(defaultImageNetModel(new Set(["googlenet"]), "tiny-darknet"), "googlenet");
});

test("from models.json entries only the available ones count", () => {
  const models = [
    {id: "shapetex", available: true},
    {id: "googlenet", available: false},
    {id: "resnet-50", available: true},
  ];
  assert.equal(defaultImageNetModelOf(models, "mobilenet-v1-0.25"), "resnet-50");
  assert.equal(defaultImageNetModelOf(models.map((m) => ({...m, available: m.id === "shapetex"})), "mobilenet-v1-0.25"), "mobilenet-v1-0.25");
});
