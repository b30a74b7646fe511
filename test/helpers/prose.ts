// The prose of a page (src/*.md) as a reader sees it, minus everything that is computed:
// front matter, fenced code, inline code and `${…}` expressions (their numbers come from the
// data the page loads). What is left is typed by hand, so its numbers need checking.

/** Drop `${ … }` expressions, counting braces (they may hold template literals with braces). */
function dropInlineExpressions(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "{") {
      let depth = 0, j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === "{") depth++;
        else if (text[j] === "}" && --depth === 0) break;
      }
      out += " ⟨computed⟩ ";
      i = j;
    } else out += text[i];
  }
  return out;
}

export function proseOf(markdown: string): string {
  let s = markdown.replace(/^---\n[\s\S]*?\n---\n/, "");
  s = s.replace(/^```[\s\S]*?^```/gm, "");
  s = dropInlineExpressions(s);
  s = s.replace(/`[^`\n]*`/g, " ⟨code⟩ ");
  return s;
}

/** The prose before the page's "## References" heading (the list of papers is not about our data). */
export function bodyOf(markdown: string): string {
  const i = markdown.search(/^## References\s*$/m);
  return proseOf(i < 0 ? markdown : markdown.slice(0, i));
}

/** Hand-typed numbers that look like measurements: percentages, decimals, and counts of things measured. */
export function measuredLookingNumbers(prose: string): string[] {
  const re = /\d[\d,]*(?:\.\d+)?\s?%|\b\d+\.\d+\b|\b\d[\d,]*\s+(?:images|photos|decisions|steps|runs|seeds|trials|observers|networks|layers|test images|of \d+)\b/g;
  return [...prose.matchAll(re)].map((m) => m[0]);
}

/** The sentence around a match, for error messages. */
export function around(prose: string, needle: string, width = 80): string {
  const i = prose.indexOf(needle);
  return i < 0 ? needle : prose.slice(Math.max(0, i - width), i + needle.length + width).replace(/\s+/g, " ");
}
