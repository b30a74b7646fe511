process.env.OBSERVABLE_TELEMETRY_DISABLE ??= "true"; // telemetry would send a request to observablehq.com on every build

// Observable Framework configuration. Everything is self-hosted: no web fonts
// (globalStylesheets: []), no CDN imports (pages import ./_bundle/cnn.js, made by
// `npm run bundle`), KaTeX served from the bundle folder.
export default {
  title: "What a CNN Learns",
  root: "src",
  output: process.env.SITE_OUTPUT || "dist", // test/run.sh builds a second site without the mirror into dist-bare/
  style: "style.css",
  globalStylesheets: [],
  pages: [
    {name: "Feature visualization", path: "/feature-visualization"},
    {name: "Looking back from a neuron", path: "/looking-back"},
    {name: "Optimizing the input", path: "/optimizing-the-input"},
    {name: "Gram matrices and style", path: "/gram-and-style"},
    {name: "Shifts and the sampling theorem", path: "/shifts"},
    {name: "Texture vs shape", path: "/texture-vs-shape"},
    {name: "The networks: model cards", path: "/models"},
    {name: "Embed in your course", path: "/embedding"},
  ],
  pager: true,
  // links end in .html, so dist/ works from any static server (no rewriting of /page to page.html)
  preserveExtension: true,
  search: false,
  sidebar: true,
  footer: "What a CNN Learns: an explorable explanation. Every figure can be recomputed with <code>npm run lab</code>.",
};
