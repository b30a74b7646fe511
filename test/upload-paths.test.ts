// Every upload control goes through one of two paths, so every bad file meets the same checks:
// images through components/ui/upload.ts (imageUpload -> decodeImageFile: empty, not an
// image, damaged, too large), models through components/ui/byom-picker.ts (loadByom and its
// model.json checks). A page or figure that built its own <input type=file> would bypass them.
import {test} from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? (e.name.startsWith(".") || e.name.startsWith("_") ? [] : files(p, ext)) : ext.test(e.name) ? [p] : [];
  });
}

const FILE_INPUT = /type\s*[:=]\s*["']file["']|type=file\b|Inputs\.file\s*\(|\.files\b.*FileList|showOpenFilePicker/;
const ALLOWED = new Set(["components/ui/upload.ts", "components/ui/byom-picker.ts"]);

test("only the shared upload widgets create file inputs", () => {
  const offenders = [...files("components", /\.ts$/), ...files("src", /\.md$/)]
    .filter((f) => !ALLOWED.has(f.split(path.sep).join("/")))
    .filter((f) => FILE_INPUT.test(fs.readFileSync(f, "utf8")));
  assert.deepEqual(offenders, []);
  // and the two allowed ones do create them (the pattern is not dead)
  for (const f of ALLOWED) assert.match(fs.readFileSync(f, "utf8"), FILE_INPUT, f);
});

test("image uploads are decoded by decodeImageFile only from the upload widget (or fetched site images)", () => {
  const users = files("components", /\.ts$/).filter((f) => /decodeImageFile\(/.test(fs.readFileSync(f, "utf8")));
  for (const f of users) {
    const text = fs.readFileSync(f, "utf8");
    const calls = [...text.matchAll(/decodeImageFile\(([^)]*)\)?/g)].map((m) => m[1]);
    // anything but the widget's own call decodes a fetched blob of the site's own files
    if (f.endsWith(path.join("ui", "upload.ts")) || f.endsWith(path.join("image", "decode-browser.ts"))) continue;
    for (const c of calls) assert.match(c, /fetch|blob/i, `${f}: decodeImageFile(${c}) is not a fetched site image`);
  }
});
