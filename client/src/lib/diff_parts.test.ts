import { describe, expect, it } from "vitest";
import { diffStats, normalizeDiff, sides } from "./diff_parts.ts";

describe("normalizeDiff", () => {
  it("reads jsdiff parts and merges neighbours of one kind", () => {
    const parts = normalizeDiff([
      { value: "Hello ", added: false, removed: false },
      { value: "old", added: false, removed: true },
      { value: " text", added: false, removed: true },
      { value: "new", added: true, removed: false },
      { value: "", added: true, removed: false },
    ]);
    expect(parts).toEqual([
      { kind: "same", text: "Hello " },
      { kind: "removed", text: "old text" },
      { kind: "added", text: "new" },
    ]);
  });

  it("reads the line parts of a version diff and an empty diff", () => {
    expect(normalizeDiff([
      { value: "a\n", added: true, removed: false },
      { value: "b\n", added: false, removed: false },
    ]))
      .toEqual([
        { kind: "added", text: "a\n" },
        { kind: "same", text: "b\n" },
      ]);
    expect(normalizeDiff([{ value: "x\n", added: false, removed: true }]))
      .toEqual([{ kind: "removed", text: "x\n" }]);
    expect(normalizeDiff([])).toEqual([]);
  });
});

describe("sides and stats", () => {
  const parts = normalizeDiff([
    { value: "a\n", added: false, removed: false },
    { value: "b\n", added: false, removed: true },
    { value: "c\nd\n", added: true, removed: false },
  ]);
  it("splits old and new columns", () => {
    expect(sides(parts).left.map((p) => p.text)).toEqual(["a\n", "b\n"]);
    expect(sides(parts).right.map((p) => p.text)).toEqual(["a\n", "c\nd\n"]);
  });
  it("counts changed lines", () => {
    expect(diffStats(parts)).toEqual({ added: 2, removed: 1 });
  });
});
