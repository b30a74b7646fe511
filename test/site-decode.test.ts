// The pure parts of upload decoding (the browser parts run in test/e2e/site.test.ts).
import {test} from "node:test";
import assert from "node:assert/strict";
import {flattenOverWhite, looksComplete, sniffFormat} from "../components/image/decode-browser.ts";
import {gradientPng} from "./helpers/images.ts";

test("formats are sniffed from bytes, not names", () => {
  const png = new Uint8Array(gradientPng(4, 4));
  assert.equal(sniffFormat(png.subarray(0, 16)), "png");
  assert.equal(sniffFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), "jpeg");
  assert.equal(sniffFormat(new TextEncoder().encode("GIF89a......")), "gif");
  assert.equal(sniffFormat(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 ")), "webp");
  assert.equal(sniffFormat(new TextEncoder().encode("hello, this is text")), null);
});

test("a PNG cut short or a JPEG without its end marker is incomplete", () => {
  const png = new Uint8Array(gradientPng(16, 16));
  assert.equal(looksComplete("png", png), true);
  assert.equal(looksComplete("png", png.subarray(0, png.length - 1)), false);
  assert.equal(looksComplete("png", png.subarray(0, png.length >> 1)), false);
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
  assert.equal(looksComplete("jpeg", jpeg), true);
  assert.equal(looksComplete("jpeg", jpeg.subarray(0, 7)), false);
});

test("alpha is composited over white; grayscale is detected after compositing", () => {
  // red at alpha 0, 128 and 255; then a gray pixel
  const d = new Uint8ClampedArray([255, 0, 0, 0, 255, 0, 0, 128, 255, 0, 0, 255, 90, 90, 90, 255]);
  assert.deepEqual(flattenOverWhite(d), {hadAlpha: true, grayscale: false});
  assert.deepEqual([...d], [255, 255, 255, 255, 255, 127, 127, 255, 255, 0, 0, 255, 90, 90, 90, 255]);
  const g = new Uint8ClampedArray([10, 10, 10, 255, 200, 200, 200, 255]);
  assert.deepEqual(flattenOverWhite(g), {hadAlpha: false, grayscale: true});
});
