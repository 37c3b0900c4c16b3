import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { codeBlock, markdown, pretty } from "./markdown.ts";

const html = (nodes: ReturnType<typeof markdown>) => renderToString(h("div", null, nodes));

describe("markdown", () => {
  it("renders headings, paragraphs, lists, code and inline marks", () => {
    const text = [
      "# Concepts",
      "",
      "## Origin",
      "From Persian **Serendip**, *coined* by `Walpole`",
      "in 1754; see [the letter](https://example.org/x).",
      "",
      "- one",
      "- two",
      "",
      "1. first",
      "```json",
      '{"a": 1}',
      "```",
    ].join("\n");
    expect(html(markdown(text))).toBe(
      "<div><h1>Concepts</h1><h2>Origin</h2><p>From Persian <strong>Serendip</strong>, " +
        "<em>coined</em> by <code>Walpole</code> in 1754; see " +
        '<a href="https://example.org/x" rel="noopener noreferrer">the letter</a>.</p>' +
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>" +
        '<pre class="code"><code data-lang="json">{<span class="tok-key">&quot;a&quot;:</span> ' +
        '<span class="tok-lit">1</span>}</code></pre></div>',
    );
  });

  it("never turns text into markup, and links only to http(s)", () => {
    const out = html(markdown('<img src=x onerror="alert(1)"> [x](javascript:alert(1))'));
    expect(out).toContain("&lt;img");
    expect(out).not.toContain("<img");
    expect(out).not.toContain("<a ");
  });

  it("highlights JSON keys, strings, literals and comments", () => {
    const out = renderToString(
      h("div", null, codeBlock(pretty('{"ok":true,"n":null,"s":"x"}') + "\n// done")),
    );
    expect(out).toContain(
      '<span class="tok-key">&quot;ok&quot;:</span> <span class="tok-lit">true</span>',
    );
    expect(out).toContain('<span class="tok-str">&quot;x&quot;</span>');
    expect(out).toContain('<span class="tok-com">// done</span>');
    expect(pretty("not json")).toBe("not json");
  });
});
