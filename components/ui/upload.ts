// An image upload control: a file input plus a drop target. Like an Observable input it has a
// `value` (the last image that decoded well) and fires "input" when that changes, so a page
// can `view()` it. A bad file only changes the message in the aria-live region: the previous
// image, and everything computed from it, stay as they were.
import {decodeImageFile, UploadError, type DecodedUpload, type DecodeOptions} from "../image/decode-browser.ts";

export interface UploadOptions extends DecodeOptions {
  label?: string;
}

export type UploadElement = HTMLElement & {value: DecodedUpload | null};

export function imageUpload(options: UploadOptions = {}): UploadElement {
  const {label = "Upload an image", ...decode} = options;
  const root = document.createElement("div") as unknown as UploadElement;
  root.className = "cnn-upload";
  root.value = null;

  const input = document.createElement("input");
  input.type = "file";
  input.accept = "image/*";
  const labelEl = document.createElement("label");
  labelEl.className = "cnn-upload-drop";
  labelEl.append(`${label} (or drop one here) `, input);

  const status = document.createElement("p");
  status.className = "cnn-upload-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  // uploads are the one thing a shared link or an embed cannot carry: say so where it happens
  const privacy = document.createElement("p");
  privacy.className = "cnn-upload-note";
  privacy.textContent = "Your image stays in this browser: it is not uploaded anywhere, and a copied link or embed does not include it.";
  root.append(labelEl, privacy, status);

  const say = (text: string, kind: "info" | "error" | "busy") => {
    status.textContent = text;
    status.dataset.kind = kind;
  };

  let latest = 0; // a slow decode must not overwrite the result of a later upload
  async function accept(file: File | undefined): Promise<void> {
    if (!file) return;
    const ticket = ++latest;
    say(`Reading “${file.name}”…`, "busy");
    try {
      const decoded = await decodeImageFile(file, decode);
      if (ticket !== latest) return;
      root.value = decoded;
      const {width, height} = decoded.image;
      say([`Loaded “${decoded.name}” (${width}×${height}).`, ...decoded.notices].join(" "), "info");
      root.dispatchEvent(new Event("input", {bubbles: true}));
    } catch (e) {
      if (ticket !== latest) return;
      const message = e instanceof UploadError ? e.message : `“${file.name}” could not be read: ${e instanceof Error ? e.message : String(e)}`;
      say(`${message} The previous image is kept.`, "error");
    }
  }

  input.addEventListener("change", () => {
    void accept(input.files?.[0]);
    input.value = ""; // so choosing the same file again fires "change" again
  });
  // The file input's own change event must not reach `view()` as if it were our value.
  input.addEventListener("input", (e) => e.stopPropagation());
  root.addEventListener("dragover", (e) => {
    e.preventDefault();
    root.classList.add("cnn-upload-over");
  });
  root.addEventListener("dragleave", () => root.classList.remove("cnn-upload-over"));
  root.addEventListener("drop", (e) => {
    e.preventDefault();
    root.classList.remove("cnn-upload-over");
    void accept(e.dataTransfer?.files?.[0]);
  });
  return root;
}
