// The one sentence a page says about what this copy of the site lacks, in the reader's terms.
import {test} from "node:test";
import assert from "node:assert/strict";
import {buildNoteText} from "../components/ui/build-note.ts";

const own = [{id: "shapetex", name: "ShapeTex CNN", kind: "embedded" as const, available: true}, {id: "shapetex-blurpool", name: "ShapeTex CNN (blur-pool)", kind: "embedded" as const, available: true}];
const net = (name: string, available: boolean) => ({id: name.toLowerCase(), name, kind: "imagenet" as const, available});

test("no mirror, no network: the ImageNet networks and the photos, in one sentence", () => {
  assert.equal(buildNoteText({models: [...own, net("MobileNet v1 0.25", false), net("ResNet-50", false)], photos: false}),
    "This copy of the site was built without the pretrained ImageNet networks and the example photos, so these figures use the small ShapeTex networks only.");
});

test("registry access only: ResNet-50 came, the others did not", () => {
  const models = [...own, net("MobileNet v1 0.25", false), net("Tiny Darknet", false), net("GoogLeNet", false), net("ResNet-50", true)];
  assert.equal(buildNoteText({models, photos: false, stimuli: false}),
    "This copy of the site was built without MobileNet v1 0.25, Tiny Darknet and GoogLeNet, the example photos and the stimuli of Geirhos et al., so these figures offer the other networks.");
  const more = [...models, net("MobileNet v2 1.0", false)];
  assert.match(buildNoteText({models: more})!, /^This copy of the site was built without 4 of the 5 pretrained ImageNet networks, so/);
});

test("nothing missing that the page uses: no sentence; only photos: the figures that need them", () => {
  assert.equal(buildNoteText({models: [...own, net("ResNet-50", true)], photos: true}), null);
  assert.equal(buildNoteText({models: own}), null, "a page that shows no ImageNet network");
  assert.equal(buildNoteText({models: [...own, net("ResNet-50", true)], stimuli: false}),
    "This copy of the site was built without the stimuli of Geirhos et al., so the figures that need them stay empty.");
});
