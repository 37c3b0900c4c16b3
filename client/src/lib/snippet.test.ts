import { describe, expect, it } from "vitest";
import { snippetParts } from "./snippet.ts";

describe("snippetParts", () => {
  it("marks highlighted runs and decodes the server's escapes as text", () => {
    expect(snippetParts("a &lt;b&gt; <mark>Ethereum</mark> &amp; co")).toEqual([
      { text: "a <b> ", marked: false },
      { text: "Ethereum", marked: true },
      { text: " & co", marked: false },
    ]);
  });

  it("never yields markup other than marks: stray tags stay text", () => {
    const parts = snippetParts("<img src=x onerror=alert(1)><mark>x</mark>");
    expect(parts[0]).toEqual({ text: "<img src=x onerror=alert(1)>", marked: false });
  });
});
