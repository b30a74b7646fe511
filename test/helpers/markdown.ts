// Just enough Markdown for the documentation test: headings and their anchors (as GitHub
// makes them), sections, links and code spans, all outside fenced code blocks.

export interface Heading {
  level: number;
  /** The heading's source text, e.g. "`featvis-live`". */
  text: string;
  /** Line index in the file. */
  line: number;
}

/** The file's lines with fenced code blocks blanked, so nothing inside them counts. */
export function proseLines(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split("\n").map((line) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length) fence = null;
      return "";
    }
    if (m) {
      fence = m[1];
      return "";
    }
    return line;
  });
}

export function headings(markdown: string): Heading[] {
  const out: Heading[] = [];
  proseLines(markdown).forEach((line, i) => {
    const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) out.push({level: m[1].length, text: m[2], line: i});
  });
  return out;
}

/** GitHub's anchor for a heading: rendered text, lower case, punctuation dropped, spaces to hyphens. */
export function slug(text: string): string {
  const rendered = text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images keep their text
    .replace(/`([^`]*)`/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/(\*\*|__|\*)/g, "");
  return rendered.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
}

/** Every anchor a file offers; repeated headings get -1, -2, … as on GitHub. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>(), out = new Set<string>();
  for (const h of headings(markdown)) {
    const base = slug(h.text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** The text under a heading, up to the next heading of the same or a higher level. */
export function section(markdown: string, heading: Heading): string {
  const lines = markdown.split("\n");
  const next = headings(markdown).find((h) => h.line > heading.line && h.level <= heading.level);
  return lines.slice(heading.line, next ? next.line : lines.length).join("\n");
}

export interface Link {
  target: string;
  line: number;
}

/** Inline links and images, `[text](target)`, outside code; the target without a "title". */
export function links(markdown: string): Link[] {
  // code spans may wrap over lines; blank them (keeping newlines, so line numbers hold)
  const prose = proseLines(markdown).join("\n").replace(/`[^`]+`/g, (code) => code.replace(/[^\n]/g, "x"));
  return [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({
    target: m[1],
    line: prose.slice(0, m.index).split("\n").length - 1,
  }));
}

/** The contents of every inline code span outside fenced blocks (a span may wrap over lines). */
export function codeSpans(markdown: string): string[] {
  return [...proseLines(markdown).join("\n").matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\s*\n\s*/g, " "));
}
