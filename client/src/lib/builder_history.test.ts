import { describe, expect, it } from "vitest";
import { historyInput, historyOutput } from "./builder_history.ts";

describe("historyInput", () => {
  it("is the goal of questions and templates", () => {
    expect(historyInput({ goal: "Write release notes", answers: { q1: "short" } }))
      .toBe("Write release notes");
  });
  it("is a polish's instructions, else its filled components in order", () => {
    expect(historyInput({ components: { role: "An editor" }, instructions: "Shorter" }))
      .toBe("Shorter");
    expect(historyInput({
      components: { role: "An editor", task: " ", context: "A blog" },
      instructions: null,
    })).toBe("role: An editor · context: A blog");
  });
  it("is empty for anything else", () => {
    expect(historyInput({})).toBe("");
    expect(historyInput({ components: ["x"] })).toBe("");
  });
});

describe("historyOutput", () => {
  it("lists the questions a questions answer asked", () => {
    const output = JSON.stringify({
      questions: [
        { id: "q1", text: "Who reads it?", required: true },
        { id: "q2", text: "How long?", required: false },
      ],
    });
    expect(historyOutput({ output, error_message: null })).toBe("Who reads it? · How long?");
  });
  it("gives a template's title and text", () => {
    const output = JSON.stringify({ title: "Notes", template: "Write {{x}}", variables: [] });
    expect(historyOutput({ output, error_message: null })).toBe("Notes: Write {{x}}");
  });
  it("keeps plain text and JSON of another shape as they are", () => {
    expect(historyOutput({ output: "A polished prompt", error_message: null }))
      .toBe("A polished prompt");
    expect(historyOutput({ output: "[1,2]", error_message: null })).toBe("[1,2]");
  });
  it("is the error of a run without output", () => {
    expect(historyOutput({ output: null, error_message: "provider timed out" }))
      .toBe("provider timed out");
    expect(historyOutput({ output: null, error_message: null })).toBe("");
  });
});
