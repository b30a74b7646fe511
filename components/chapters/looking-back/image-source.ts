// The image a looking-back figure works on: a sample (in the URL under `<prefix>sample`) or the
// reader's own upload (never in the URL). Fires "input" when the picture changes.
import {decodeImageFile, type RgbaImage} from "../../image/decode-browser.ts";
import {selectInput} from "../../ui/controls.ts";
import {imageUpload} from "../../ui/upload.ts";

export interface Sample {
  id: string;
  title: string;
  src: string;
  kind?: string;
  attribution?: string;
}

export type ImageSource = HTMLElement & {image: {pixels: RgbaImage; title: string} | null; ready: Promise<void>};

export function imageSource(samples: Sample[], prefix: string, preferred?: string): ImageSource {
  const root = document.createElement("div") as unknown as ImageSource;
  root.className = "cnn-image-source";
  const value = samples.some((s) => s.id === preferred) ? preferred : samples[0]?.id;
  const select = selectInput({label: "Image", options: samples.map((s) => ({value: s.id, text: s.title})), value, param: `${prefix}sample`});
  const upload = imageUpload({label: "Or upload an image"});
  root.append(select, upload);
  root.image = null;
  const fire = () => root.dispatchEvent(new Event("input", {bubbles: true}));
  const useSample = async () => {
    const s = samples.find((x) => x.id === select.value);
    if (!s) return;
    const decoded = await decodeImageFile(await (await fetch(s.src)).blob());
    root.image = {pixels: decoded.image, title: s.title};
  };
  select.addEventListener("input", (e) => {
    e.stopPropagation();
    void useSample().then(fire);
  });
  upload.addEventListener("input", (e) => {
    e.stopPropagation();
    if (!upload.value) return;
    root.image = {pixels: upload.value.image, title: upload.value.name};
    fire();
  });
  root.ready = useSample();
  return root;
}
