// The URL-state codecs and lock/hide lists (components/ui/url-state.ts), and the page-template
// fixes applied after Framework's build (data/site/postbuild.ts).
import {test} from "node:test";
import assert from "node:assert/strict";
import {booleanCodec, choiceCodec, listNames, numberCodec} from "../components/ui/url-state.ts";
import {fixPageHtml} from "../data/site/postbuild.ts";

test("numbers from a URL are clamped to the slider and snapped to its step", () => {
  const c = numberCodec(16, 512, 16);
  assert.equal(c.decode("64"), 64);
  assert.equal(c.decode("70"), 64);
  assert.equal(c.decode("9999"), 512);
  assert.equal(c.decode("-3"), 16);
  assert.equal(c.decode("abc"), null);
  assert.equal(c.decode(""), null);
  const f = numberCodec(0, 1, 0.05);
  assert.equal(f.decode("0.33"), 0.35);
  assert.equal(f.encode(0.35), "0.35");
});

test("choices must be one of the options; booleans take 1/0 and words", () => {
  const c = choiceCodec(["black", "inpaint", "crop"]);
  assert.equal(c.decode("crop"), "crop");
  assert.equal(c.decode("Crop"), null);
  assert.equal(booleanCodec.decode("1"), true);
  assert.equal(booleanCodec.decode("false"), false);
  assert.equal(booleanCodec.decode("maybe"), null);
  assert.equal(booleanCodec.encode(true), "1");
});

test("lock= and hide= lists name keys exactly, by prefix, or all", () => {
  assert.ok(listNames("model,layer", "layer"));
  assert.ok(!listNames("model,layer", "layers"));
  assert.ok(listNames("lab.", "lab.shift"));
  assert.ok(!listNames("lab", "lab.shift"), "a prefix must end in a dot");
  assert.ok(listNames("*", "anything"));
  assert.ok(listNames(" model , render. ", "render.steps"));
  assert.ok(!listNames(null, "model"));
  assert.ok(!listNames("", "model"));
});

test("postbuild: lang, zoomable viewport, named sidebar toggle, a valid sidebar list; idempotent", () => {
  const page = `<!DOCTYPE html>
<html>
<head>
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
</head>
<body>
<input id="observablehq-sidebar-toggle" type="checkbox" title="Toggle sidebar">
<nav id="observablehq-sidebar">
  <ol>
    <label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"></label>
    <li class="observablehq-link"><a href="./">Home</a></li>
  </ol>
</nav>`;
  const fixed = fixPageHtml(page);
  assert.match(fixed, /<html lang="en">/);
  assert.match(fixed, /content="width=device-width, initial-scale=1">/);
  assert.match(fixed, /id="observablehq-sidebar-toggle"[^>]*aria-label="[^"]+"/);
  assert.match(fixed, /<label id="observablehq-sidebar-close"[^>]*><\/label>\s*<ol>\s*<li/);
  assert.equal(fixPageHtml(fixed), fixed);
});
