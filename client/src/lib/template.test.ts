import { describe, expect, it } from "vitest";
import { placeholders, segments } from "./template.ts";

describe("segments", () => {
  it("splits text and placeholders in order", () => {
    expect(segments("Hi {{name}}, meet {{ other }}.")).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "var", name: "name", text: "{{name}}" },
      { kind: "text", text: ", meet " },
      { kind: "var", name: "other", text: "{{ other }}" },
      { kind: "text", text: "." },
    ]);
  });

  it("leaves malformed braces as text", () => {
    expect(segments("{{ 1abc }} and {single}")).toEqual([
      { kind: "text", text: "{{ 1abc }} and {single}" },
    ]);
  });

  it("handles content that is only a placeholder", () => {
    expect(segments("{{x}}")).toEqual([{ kind: "var", name: "x", text: "{{x}}" }]);
  });
});

describe("placeholders", () => {
  it("lists unique names in first-seen order", () => {
    expect(placeholders("{{b}} {{a}} {{b}}")).toEqual(["b", "a"]);
  });
});
