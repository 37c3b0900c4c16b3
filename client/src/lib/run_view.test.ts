import { describe, expect, it } from "vitest";
import { deltaText, outputText, tokens, validationResults } from "./run_view.ts";

describe("run view", () => {
  it("reads delta events in the shapes a stream may use", () => {
    expect(deltaText('{"text":"Hel"}')).toBe("Hel");
    expect(deltaText('"lo"')).toBe("lo");
    expect(deltaText("raw text")).toBe("raw text");
  });

  it("reads output, tokens and checks of a run record", () => {
    expect(outputText({ output: "done", output_preview: "d" })).toBe("done");
    expect(outputText({ output: null, output_preview: "prev" })).toBe("prev");
    expect(tokens({ token_usage: { prompt_tokens: 5, completion_tokens: 7 } })).toEqual({
      input: 5,
      output: 7,
      total: 12,
    });
    expect(
      validationResults({
        validation_results: [{ name: "json", passed: false, message: "not JSON" }],
      }),
    )
      .toEqual([{ name: "json", passed: false, message: "not JSON" }]);
  });
});
