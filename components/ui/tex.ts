// TeX for pages, rendered by the bundled KaTeX (Framework's built-in `tex` loads from a CDN).
// Use as a tagged template, tex`\sigma(x)`, or tex.block`...` for display maths.
import katex from "katex";

let katexCss: string | undefined;
let katexLinked = false;

/** Where KaTeX's self-hosted stylesheet is (set once by the site shell, components/site/assets.ts). */
export function setKatexStylesheet(href: string | undefined): void {
  katexCss = href;
}

/** Add KaTeX's stylesheet to the document once. */
export function useKatexStylesheet(): void {
  if (katexLinked || !katexCss || typeof document === "undefined") return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = katexCss;
  document.head.append(link);
  katexLinked = true;
}

function render(displayMode: boolean, strings: TemplateStringsArray | string, values: unknown[]): HTMLElement {
  useKatexStylesheet();
  const source = typeof strings === "string" ? strings : String.raw({raw: strings.raw}, ...values);
  const el = document.createElement(displayMode ? "div" : "span");
  el.className = "cnn-tex";
  // MathML alongside the HTML: KaTeX hides it visually, screen readers read it
  el.innerHTML = katex.renderToString(source, {displayMode, throwOnError: false, output: "htmlAndMathml"});
  return el;
}

export function tex(strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement {
  return render(false, strings, values);
}
tex.block = (strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement => render(true, strings, values);

/**
 * A display equation with a spoken form (role="math" + aria-label) for screen readers whose
 * MathML support is poor, focusable because on a phone it may scroll sideways.
 */
export function spokenEquation(block: HTMLElement, spoken: string): HTMLElement {
  const display = block.querySelector<HTMLElement>(".katex-display") ?? block;
  display.setAttribute("role", "math");
  display.setAttribute("aria-label", spoken);
  display.tabIndex = 0;
  return block;
}
