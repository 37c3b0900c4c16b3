// A small Markdown reader for workflow artifacts: headings, paragraphs, lists, fenced code
// (highlighted), inline code, strong, emphasis and links. It builds Preact nodes, not HTML, so an
// artifact's text never becomes markup, and a link goes only to http(s). (A library with the
// sanitizer it would need is ~15 KB gzipped, far beyond the client's bundle budget.)
import { type ComponentChild as Child, h } from "preact";

/** Text split by `re`; each match becomes what `node` makes of it. */
function spans(text: string, re: RegExp, node: (m: RegExpExecArray) => Child): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(text.slice(last, m.index), node(m));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out.filter((c) => c !== "");
}

export const inline = (text: string): Child[] =>
  spans(
    text,
    /`([^`]+)`|\*\*(.+?)\*\*|\*(\S.*?)\*|\[([^\]]+)\]\((https?:[^)\s]+)\)/g,
    (m) =>
      m[1]
        ? h("code", null, m[1])
        : m[2]
        ? h("strong", null, inline(m[2]))
        : m[3]
        ? h("em", null, inline(m[3]))
        : h("a", { href: m[5], rel: "noopener noreferrer" }, inline(m[4]!)),
  );

const item = /^\s*([-*+]|\d+[.)])\s+(.*)/;

export function markdown(text: string): Child[] {
  const lines = text.split(/\r?\n/);
  const out: Child[] = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i]!;
    let m = /^\s*```\s*(\S*)/.exec(line) ?? /^(#{1,6})\s+(.*)/.exec(line) ?? item.exec(line);
    if (!m) {
      const para: string[] = [];
      for (
        ;
        i < lines.length && !/^\s*(```|#{1,6}\s|$)/.test(lines[i]!) && !item.test(lines[i]!);
      ) {
        para.push(lines[i++]!.trim());
      }
      if (para.length) out.push(h("p", null, inline(para.join(" "))));
      else i++;
    } else if (m[0].includes("```")) {
      const code: string[] = [];
      while (++i < lines.length && !lines[i]!.trim().startsWith("```")) code.push(lines[i]!);
      i++;
      out.push(codeBlock(code.join("\n"), m[1]));
    } else if (m[0].startsWith("#")) {
      out.push(h(`h${m[1]!.length}`, null, inline(m[2]!)));
      i++;
    } else {
      const ordered = /\d/.test(m[1]!);
      const items: Child[] = [];
      for (; i < lines.length && (m = item.exec(lines[i]!)); i++) {
        items.push(h("li", null, inline(m[2]!)));
      }
      out.push(h(ordered ? "ol" : "ul", null, items));
    }
  }
  return out;
}

/** Strings (a JSON key's apart), numbers, literals and comments, for JSON and code alike. */
export const highlight = (code: string): Child[] =>
  spans(
    code,
    /("(?:[^"\\\n]|\\.)*")(\s*:)?|\b(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|null)\b|(\/\/.*|#.*)/gi,
    (m) =>
      h(
        "span",
        { class: m[2] ? "tok-key" : m[1] ? "tok-str" : m[3] ? "tok-lit" : "tok-com" },
        m[0],
      ),
  );

export const codeBlock = (code: string, lang?: string): Child =>
  h("pre", { class: "code" }, h("code", { "data-lang": lang || undefined }, highlight(code)));

/** Pretty JSON when the text is JSON, else the text as it is. */
export function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
