// A reader for Caffe's deploy.prototxt (protobuf text format): enough of the format for network
// definitions — nested `name { ... }` messages, `key: value` fields (numbers, quoted strings,
// enum words), repeated fields, `#` comments. A message becomes an object whose fields are
// arrays, because any protobuf field may repeat (a layer's `bottom`, a shape's `dim`).
export type TextValue = number | string | boolean | TextMessage;
export interface TextMessage {
  [field: string]: TextValue[];
}

type Token = {kind: "word" | "string" | "punct"; text: string; at: number};

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "#") { while (i < src.length && src[i] !== "\n") i++; continue; }
    if ("{}:;,".includes(c)) { tokens.push({kind: "punct", text: c, at: i}); i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1, text = "";
      while (j < src.length && src[j] !== c) {
        if (src[j] === "\\" && j + 1 < src.length) { text += src[j + 1]; j += 2; continue; }
        text += src[j++];
      }
      if (j >= src.length) throw new Error(`prototxt: unterminated string at offset ${i}`);
      tokens.push({kind: "string", text, at: i});
      i = j + 1;
      continue;
    }
    const m = /^[A-Za-z0-9_.+\-]+/.exec(src.slice(i, i + 256));
    if (!m) throw new Error(`prototxt: unexpected character ${JSON.stringify(c)} at offset ${i}`);
    tokens.push({kind: "word", text: m[0], at: i});
    i += m[0].length;
  }
  return tokens;
}

function scalar(t: Token): number | string | boolean {
  if (t.kind === "string") return t.text;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t.text)) return Number(t.text);
  if (t.text === "true") return true;
  if (t.text === "false") return false;
  return t.text; // an enum value such as MAX or AVE
}

export function parsePrototxt(src: string): TextMessage {
  const tokens = tokenize(src);
  let pos = 0;
  const message = (closing: boolean): TextMessage => {
    const out: TextMessage = {};
    for (;;) {
      const t = tokens[pos];
      if (!t) {
        if (closing) throw new Error("prototxt: missing }");
        return out;
      }
      if (t.kind === "punct" && t.text === "}") {
        if (!closing) throw new Error(`prototxt: unexpected } at offset ${t.at}`);
        pos++;
        return out;
      }
      if (t.kind === "punct" && (t.text === ";" || t.text === ",")) { pos++; continue; }
      if (t.kind !== "word") throw new Error(`prototxt: expected a field name at offset ${t.at}`);
      pos++;
      let next = tokens[pos];
      if (next?.kind === "punct" && next.text === ":") next = tokens[++pos];
      if (!next) throw new Error(`prototxt: field ${t.text} has no value`);
      let value: TextValue;
      if (next.kind === "punct" && next.text === "{") {
        pos++;
        value = message(true);
      } else if (next.kind !== "punct") {
        pos++;
        value = scalar(next);
      } else {
        throw new Error(`prototxt: field ${t.text} has no value at offset ${next.at}`);
      }
      (out[t.text] ??= []).push(value);
    }
  };
  return message(false);
}
